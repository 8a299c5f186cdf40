private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, RecurrentState? state, bool carried, int batch, int steps)
{
    // Layer: [T] token ids < 10 → [T, 10]
    global::Strata.Cpu.OneHotCpu.Forward(batch * steps, vocab: 10, input, plan.LayerOutput);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, int steps, bool inputGradient)
{
    // Layer: [T] token ids < 10 → [T, 10]
    // No parameters, and token ids have no gradient.
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, RecurrentState? state, bool carried, int batch, int steps)
{
    // Layer: [T] token ids < 10 → [T, 10]
    global::Strata.Gpu.SequenceGpu.OneHotForward(batch * steps, vocab: 10, input, plan.LayerOutput);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, int steps, bool inputGradient)
{
    // Layer: [T] token ids < 10 → [T, 10]
    // No parameters, and token ids have no gradient.
}
