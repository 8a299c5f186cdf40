private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [6] → [4]
    global::Strata.Cpu.DenseCpu.Forward<global::Strata.Cpu.TanhActivation>(batch, inFeatures: 6, outFeatures: 4, input, _layerWeight.Value, _layerBias.Value, plan.LayerOutput, _workspace);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [6] → [4]
    global::Strata.Cpu.DenseCpu.Backward<global::Strata.Cpu.TanhActivation>(batch, inFeatures: 6, outFeatures: 4, input, _layerWeight.Value, plan.LayerOutput, gradOutput, inputGradient ? plan.InputGrad : null, (_layerWeight.IsFrozen ? null : _layerWeight.Grad), (_layerBias.IsFrozen ? null : _layerBias.Grad), _workspace);
    _gradientReadyListener?.GradientsReady(first: 0, count: 2);
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [6] → [4]
    global::Strata.Gpu.DenseGpu.Forward(batch, inFeatures: 6, outFeatures: 4, global::Strata.Gpu.DenseActivation.Tanh, input, _layerWeight.Value, _layerBias.Value, plan.LayerOutput);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [6] → [4]
    global::Strata.Gpu.DenseGpu.Backward(batch, inFeatures: 6, outFeatures: 4, global::Strata.Gpu.DenseActivation.Tanh, input, _layerWeight.Value, plan.LayerOutput, gradOutput, inputGradient ? plan.InputGrad : null, (_layerWeight.IsFrozen ? null : _layerWeight.Grad), (_layerBias.IsFrozen ? null : _layerBias.Grad));
    _gradientReadyListener?.GradientsReady(first: 0, count: 2);
}
