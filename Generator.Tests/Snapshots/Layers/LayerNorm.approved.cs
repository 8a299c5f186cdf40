private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [2, 3, 4] → [2, 3, 4]
    global::Strata.Cpu.LayerNormCpu.Forward(batch, size: 24, eps: 0.001f, input, _layerWeight.Value, _layerBias.Value, plan.LayerSavedMean, plan.LayerSavedInvStd, plan.LayerOutput);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [2, 3, 4] → [2, 3, 4]
    global::Strata.Cpu.LayerNormCpu.Backward(batch, size: 24, input, _layerWeight.Value, plan.LayerSavedMean, plan.LayerSavedInvStd, gradOutput, inputGradient ? plan.InputGrad : null, (_layerWeight.IsFrozen ? null : _layerWeight.Grad), (_layerBias.IsFrozen ? null : _layerBias.Grad));
    _gradientReadyListener?.GradientsReady(first: 0, count: 2);
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [2, 3, 4] → [2, 3, 4]
    global::Strata.Gpu.LayerNormGpu.Forward(batch, size: 24, eps: 0.001f, input, _layerWeight.Value, _layerBias.Value, plan.LayerSavedMean, plan.LayerSavedInvStd, plan.LayerOutput);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [2, 3, 4] → [2, 3, 4]
    global::Strata.Gpu.LayerNormGpu.Backward(batch, size: 24, input, _layerWeight.Value, plan.LayerSavedMean, plan.LayerSavedInvStd, gradOutput, inputGradient ? plan.InputGrad : null, (_layerWeight.IsFrozen ? null : _layerWeight.Grad), (_layerBias.IsFrozen ? null : _layerBias.Grad));
    _gradientReadyListener?.GradientsReady(first: 0, count: 2);
}
