private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [2, 3, 4] → [2, 3, 4]
    global::Strata.Cpu.BatchNormCpu.Forward<global::Strata.Cpu.ReluActivation>(batch, channels: 2, planeSize: 12, momentum: 0.1f, eps: 1E-05f, training: _isTraining && !_layer.Running.IsFrozen, input, _layerWeight.Value, _layerBias.Value, _layer.Running, plan.LayerSavedMean, plan.LayerSavedInvStd, plan.LayerOutput);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [2, 3, 4] → [2, 3, 4]
    global::Strata.Cpu.BatchNormCpu.Backward<global::Strata.Cpu.ReluActivation>(batch, channels: 2, planeSize: 12, training: _isTraining && !_layer.Running.IsFrozen, input, _layerWeight.Value, plan.LayerSavedMean, plan.LayerSavedInvStd, plan.LayerOutput, gradOutput, inputGradient ? plan.InputGrad : null, (_layerWeight.IsFrozen ? null : _layerWeight.Grad), (_layerBias.IsFrozen ? null : _layerBias.Grad));
    _gradientReadyListener?.GradientsReady(first: 0, count: 2);
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [2, 3, 4] → [2, 3, 4]
    global::Strata.Gpu.BatchNormGpu.Forward(batch, channels: 2, planeSize: 12, global::Strata.Gpu.DenseActivation.Relu, momentum: 0.1f, eps: 1E-05f, training: _isTraining && !_layer.Running.IsFrozen, input, _layerWeight.Value, _layerBias.Value, _layer.Running, plan.LayerSavedMean, plan.LayerSavedInvStd, plan.LayerOutput);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [2, 3, 4] → [2, 3, 4]
    global::Strata.Gpu.BatchNormGpu.Backward(batch, channels: 2, planeSize: 12, global::Strata.Gpu.DenseActivation.Relu, training: _isTraining && !_layer.Running.IsFrozen, input, _layerWeight.Value, plan.LayerSavedMean, plan.LayerSavedInvStd, plan.LayerOutput, gradOutput, inputGradient ? plan.InputGrad : null, (_layerWeight.IsFrozen ? null : _layerWeight.Grad), (_layerBias.IsFrozen ? null : _layerBias.Grad));
    _gradientReadyListener?.GradientsReady(first: 0, count: 2);
}
