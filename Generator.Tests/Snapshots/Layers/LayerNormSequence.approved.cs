private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, RecurrentState? state, bool carried, int batch, int steps)
{
    // Layer: [T, 3] → [T, 3]
    global::Strata.Cpu.LayerNormCpu.Forward(batch * steps, size: 3, eps: 1E-05f, input, _layerWeight.Value, _layerBias.Value, plan.LayerSavedMean, plan.LayerSavedInvStd, plan.LayerOutput);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, int steps, bool inputGradient)
{
    // Layer: [T, 3] → [T, 3]
    global::Strata.Cpu.LayerNormCpu.Backward(batch * steps, size: 3, input, _layerWeight.Value, plan.LayerSavedMean, plan.LayerSavedInvStd, gradOutput, inputGradient ? plan.InputGrad : null, (_layerWeight.IsFrozen ? null : _layerWeight.Grad), (_layerBias.IsFrozen ? null : _layerBias.Grad));
    _gradientReadyListener?.GradientsReady(first: 0, count: 2);
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, RecurrentState? state, bool carried, int batch, int steps)
{
    // Layer: [T, 3] → [T, 3]
    global::Strata.Gpu.LayerNormGpu.Forward(batch * steps, size: 3, eps: 1E-05f, input, _layerWeight.Value, _layerBias.Value, plan.LayerSavedMean, plan.LayerSavedInvStd, plan.LayerOutput);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, int steps, bool inputGradient)
{
    // Layer: [T, 3] → [T, 3]
    global::Strata.Gpu.LayerNormGpu.Backward(batch * steps, size: 3, input, _layerWeight.Value, plan.LayerSavedMean, plan.LayerSavedInvStd, gradOutput, inputGradient ? plan.InputGrad : null, (_layerWeight.IsFrozen ? null : _layerWeight.Grad), (_layerBias.IsFrozen ? null : _layerBias.Grad));
    _gradientReadyListener?.GradientsReady(first: 0, count: 2);
}
