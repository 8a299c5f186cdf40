private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [18] → [4]
    global::Strata.Cpu.DenseCpu.Forward<global::Strata.Cpu.IdentityActivation>(batch, inFeatures: 18, outFeatures: 4, input.Reshape(batch, 18), _layerWeight.Value, _layerBias.Value, plan.LayerOutput, _workspace);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [18] → [4]
    global::Strata.Cpu.DenseCpu.Backward<global::Strata.Cpu.IdentityActivation>(batch, inFeatures: 18, outFeatures: 4, input.Reshape(batch, 18), _layerWeight.Value, plan.LayerOutput, gradOutput, inputGradient ? plan.InputGradFlat : null, (_layerWeight.IsFrozen ? null : _layerWeight.Grad), (_layerBias.IsFrozen ? null : _layerBias.Grad), _workspace);
    _gradientReadyListener?.GradientsReady(first: 0, count: 2);
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [18] → [4]
    global::Strata.Gpu.DenseGpu.Forward(batch, inFeatures: 18, outFeatures: 4, global::Strata.Gpu.DenseActivation.Identity, input.Reshape(batch, 18), _layerWeight.Value, _layerBias.Value, plan.LayerOutput);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [18] → [4]
    global::Strata.Gpu.DenseGpu.Backward(batch, inFeatures: 18, outFeatures: 4, global::Strata.Gpu.DenseActivation.Identity, input.Reshape(batch, 18), _layerWeight.Value, plan.LayerOutput, gradOutput, inputGradient ? plan.InputGradFlat : null, (_layerWeight.IsFrozen ? null : _layerWeight.Grad), (_layerBias.IsFrozen ? null : _layerBias.Grad));
    _gradientReadyListener?.GradientsReady(first: 0, count: 2);
}
