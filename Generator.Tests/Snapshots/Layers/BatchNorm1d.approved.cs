private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [6] → [6]
    global::Strata.Cpu.BatchNormCpu.Forward<global::Strata.Cpu.IdentityActivation>(batch, channels: 6, planeSize: 1, momentum: 0.2f, eps: 0.001f, training: _isTraining && !_layer.Running.IsFrozen, input, _layerWeight.Value, _layerBias.Value, _layer.Running, plan.LayerSavedMean, plan.LayerSavedInvStd, plan.LayerOutput);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [6] → [6]
    global::Strata.Cpu.BatchNormCpu.Backward<global::Strata.Cpu.IdentityActivation>(batch, channels: 6, planeSize: 1, training: _isTraining && !_layer.Running.IsFrozen, input, _layerWeight.Value, plan.LayerSavedMean, plan.LayerSavedInvStd, plan.LayerOutput, gradOutput, inputGradient ? plan.InputGrad : null, (_layerWeight.IsFrozen ? null : _layerWeight.Grad), (_layerBias.IsFrozen ? null : _layerBias.Grad));
    _gradientReadyListener?.GradientsReady(first: 0, count: 2);
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [6] → [6]
    global::Strata.Gpu.BatchNormGpu.Forward(batch, channels: 6, planeSize: 1, global::Strata.Gpu.DenseActivation.Identity, momentum: 0.2f, eps: 0.001f, training: _isTraining && !_layer.Running.IsFrozen, input, _layerWeight.Value, _layerBias.Value, _layer.Running, plan.LayerSavedMean, plan.LayerSavedInvStd, plan.LayerOutput);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [6] → [6]
    global::Strata.Gpu.BatchNormGpu.Backward(batch, channels: 6, planeSize: 1, global::Strata.Gpu.DenseActivation.Identity, training: _isTraining && !_layer.Running.IsFrozen, input, _layerWeight.Value, plan.LayerSavedMean, plan.LayerSavedInvStd, plan.LayerOutput, gradOutput, inputGradient ? plan.InputGrad : null, (_layerWeight.IsFrozen ? null : _layerWeight.Grad), (_layerBias.IsFrozen ? null : _layerBias.Grad));
    _gradientReadyListener?.GradientsReady(first: 0, count: 2);
}
