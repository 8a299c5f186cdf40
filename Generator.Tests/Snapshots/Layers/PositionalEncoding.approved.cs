private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, RecurrentState? state, bool carried, int batch, int steps)
{
    // Layer: [T, 3] → [T, 3]
    global::Strata.Cpu.PositionalEncodingCpu.Forward(batch, steps, width: 3, input, plan.LayerOutput);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, int steps, bool inputGradient)
{
    // Layer: [T, 3] → [T, 3]
    if (inputGradient)
    {
        plan.InputGrad.CopyFrom(gradOutput);
    }
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, RecurrentState? state, bool carried, int batch, int steps)
{
    // Layer: [T, 3] → [T, 3]
    global::Strata.Gpu.PositionalEncodingGpu.Forward(batch, steps, width: 3, input, plan.LayerOutput);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, int steps, bool inputGradient)
{
    // Layer: [T, 3] → [T, 3]
    if (inputGradient)
    {
        plan.InputGrad.CopyFrom(gradOutput);
    }
}
