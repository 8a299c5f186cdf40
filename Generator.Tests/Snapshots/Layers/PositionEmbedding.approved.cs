private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, RecurrentState? state, bool carried, int batch, int steps)
{
    // Layer: [T, 3] → [T, 3]
    global::Strata.Cpu.PositionEmbeddingCpu.Forward(batch, steps, width: 3, maxSteps: 8, input, _layerWeight.Value, plan.LayerOutput);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, int steps, bool inputGradient)
{
    // Layer: [T, 3] → [T, 3]
    if (!_layerWeight.IsFrozen) global::Strata.Cpu.PositionEmbeddingCpu.Backward(batch, steps, width: 3, maxSteps: 8, gradOutput, _layerWeight.Grad);
    if (inputGradient)
    {
        plan.InputGrad.CopyFrom(gradOutput);
    }

    _gradientReadyListener?.GradientsReady(first: 0, count: 1);
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, RecurrentState? state, bool carried, int batch, int steps)
{
    // Layer: [T, 3] → [T, 3]
    global::Strata.Gpu.PositionEmbeddingGpu.Forward(batch, steps, width: 3, maxSteps: 8, input, _layerWeight.Value, plan.LayerOutput);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, int steps, bool inputGradient)
{
    // Layer: [T, 3] → [T, 3]
    if (!_layerWeight.IsFrozen) global::Strata.Gpu.PositionEmbeddingGpu.Backward(batch, steps, width: 3, maxSteps: 8, gradOutput, _layerWeight.Grad);
    if (inputGradient)
    {
        plan.InputGrad.CopyFrom(gradOutput);
    }

    _gradientReadyListener?.GradientsReady(first: 0, count: 1);
}
