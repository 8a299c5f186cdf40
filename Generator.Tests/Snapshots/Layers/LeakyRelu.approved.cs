private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [6] → [4]
    global::Strata.Cpu.DenseCpu.Forward<global::Strata.Cpu.IdentityActivation>(batch, inFeatures: 6, outFeatures: 4, input, _layerWeight.Value, _layerBias.Value, plan.LayerOutput, _workspace);
    global::Strata.Cpu.LeakyReluCpu.ForwardInPlace(0.2f, plan.LayerOutput);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [6] → [4]
    global::Strata.Cpu.LeakyReluCpu.BackwardInPlace(0.2f, plan.LayerOutput, gradOutput);
    global::Strata.Cpu.DenseCpu.Backward<global::Strata.Cpu.IdentityActivation>(batch, inFeatures: 6, outFeatures: 4, input, _layerWeight.Value, plan.LayerOutput, gradOutput, inputGradient ? plan.InputGrad : null, (_layerWeight.IsFrozen ? null : _layerWeight.Grad), (_layerBias.IsFrozen ? null : _layerBias.Grad), _workspace);
    _gradientReadyListener?.GradientsReady(first: 0, count: 2);
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [6] → [4]
    global::Strata.Gpu.DenseGpu.Forward(batch, inFeatures: 6, outFeatures: 4, global::Strata.Gpu.DenseActivation.Identity, input, _layerWeight.Value, _layerBias.Value, plan.LayerOutput);
    global::Strata.Gpu.LeakyReluGpu.ForwardInPlace(0.2f, plan.LayerOutput);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [6] → [4]
    global::Strata.Gpu.LeakyReluGpu.BackwardInPlace(0.2f, plan.LayerOutput, gradOutput);
    global::Strata.Gpu.DenseGpu.Backward(batch, inFeatures: 6, outFeatures: 4, global::Strata.Gpu.DenseActivation.Identity, input, _layerWeight.Value, plan.LayerOutput, gradOutput, inputGradient ? plan.InputGrad : null, (_layerWeight.IsFrozen ? null : _layerWeight.Grad), (_layerBias.IsFrozen ? null : _layerBias.Grad));
    _gradientReadyListener?.GradientsReady(first: 0, count: 2);
}
