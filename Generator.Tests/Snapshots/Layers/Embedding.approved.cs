private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, RecurrentState? state, bool carried, int batch, int steps)
{
    // Layer: [T] token ids < 10 → [T, 4]
    global::Strata.Cpu.EmbeddingCpu.Forward(batch * steps, vocab: 10, dim: 4, input, _layerWeight.Value, plan.LayerOutput);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, int steps, bool inputGradient)
{
    // Layer: [T] token ids < 10 → [T, 4]
    if (!_layerWeight.IsFrozen) global::Strata.Cpu.EmbeddingCpu.Backward(batch * steps, vocab: 10, dim: 4, input, gradOutput, _layerWeight.Grad);
    _gradientReadyListener?.GradientsReady(first: 0, count: 1);
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, RecurrentState? state, bool carried, int batch, int steps)
{
    // Layer: [T] token ids < 10 → [T, 4]
    global::Strata.Gpu.SequenceGpu.EmbeddingForward(batch * steps, vocab: 10, dim: 4, input, _layerWeight.Value, plan.LayerOutput);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, int steps, bool inputGradient)
{
    // Layer: [T] token ids < 10 → [T, 4]
    if (!_layerWeight.IsFrozen) global::Strata.Gpu.SequenceGpu.EmbeddingBackward(batch * steps, vocab: 10, dim: 4, input, gradOutput, _layerWeight.Grad);
    _gradientReadyListener?.GradientsReady(first: 0, count: 1);
}
