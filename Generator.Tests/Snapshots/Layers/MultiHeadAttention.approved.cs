private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, RecurrentState? state, bool carried, int batch, int steps)
{
    // Layer: [T, 4] → [T, 4]
    global::Strata.Cpu.DenseCpu.Forward<global::Strata.Cpu.IdentityActivation>(batch * steps, inFeatures: 4, outFeatures: 12, input, _layerInProjWeight.Value, _layerInProjBias.Value, plan.LayerQkv, _workspace);
    global::Strata.Cpu.AttentionCpu.Forward(batch, steps, heads: 2, width: 4, plan.Lengths, plan.LayerQkv, plan.LayerAttentionWeights, plan.LayerContext);
    global::Strata.Cpu.DenseCpu.Forward<global::Strata.Cpu.IdentityActivation>(batch * steps, inFeatures: 4, outFeatures: 4, plan.LayerContext, _layerOutProjWeight.Value, _layerOutProjBias.Value, plan.LayerOutput, _workspace);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, int steps, bool inputGradient)
{
    // Layer: [T, 4] → [T, 4]
    global::Strata.Cpu.DenseCpu.Backward<global::Strata.Cpu.IdentityActivation>(batch * steps, inFeatures: 4, outFeatures: 4, plan.LayerContext, _layerOutProjWeight.Value, plan.LayerOutput, gradOutput, plan.LayerGradContext, (_layerOutProjWeight.IsFrozen ? null : _layerOutProjWeight.Grad), (_layerOutProjBias.IsFrozen ? null : _layerOutProjBias.Grad), _workspace);
    global::Strata.Cpu.AttentionCpu.Backward(batch, steps, heads: 2, width: 4, plan.Lengths, plan.LayerQkv, plan.LayerAttentionWeights, plan.LayerGradContext, plan.LayerGradScores, plan.LayerGradQkv);
    global::Strata.Cpu.DenseCpu.Backward<global::Strata.Cpu.IdentityActivation>(batch * steps, inFeatures: 4, outFeatures: 12, input, _layerInProjWeight.Value, plan.LayerQkv, plan.LayerGradQkv, inputGradient ? plan.InputGrad : null, (_layerInProjWeight.IsFrozen ? null : _layerInProjWeight.Grad), (_layerInProjBias.IsFrozen ? null : _layerInProjBias.Grad), _workspace);
    _gradientReadyListener?.GradientsReady(first: 0, count: 4);
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, RecurrentState? state, bool carried, int batch, int steps)
{
    // Layer: [T, 4] → [T, 4]
    global::Strata.Gpu.DenseGpu.Forward(batch * steps, inFeatures: 4, outFeatures: 12, global::Strata.Gpu.DenseActivation.Identity, input, _layerInProjWeight.Value, _layerInProjBias.Value, plan.LayerQkv);
    global::Strata.Gpu.AttentionGpu.Forward(batch, steps, heads: 2, width: 4, plan.Lengths, plan.LayerQkv, plan.LayerAttentionWeights, plan.LayerContext);
    global::Strata.Gpu.DenseGpu.Forward(batch * steps, inFeatures: 4, outFeatures: 4, global::Strata.Gpu.DenseActivation.Identity, plan.LayerContext, _layerOutProjWeight.Value, _layerOutProjBias.Value, plan.LayerOutput);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, int steps, bool inputGradient)
{
    // Layer: [T, 4] → [T, 4]
    global::Strata.Gpu.DenseGpu.Backward(batch * steps, inFeatures: 4, outFeatures: 4, global::Strata.Gpu.DenseActivation.Identity, plan.LayerContext, _layerOutProjWeight.Value, plan.LayerOutput, gradOutput, plan.LayerGradContext, (_layerOutProjWeight.IsFrozen ? null : _layerOutProjWeight.Grad), (_layerOutProjBias.IsFrozen ? null : _layerOutProjBias.Grad));
    global::Strata.Gpu.AttentionGpu.Backward(batch, steps, heads: 2, width: 4, plan.Lengths, plan.LayerQkv, plan.LayerAttentionWeights, plan.LayerGradContext, plan.LayerGradScores, plan.LayerGradQkv);
    global::Strata.Gpu.DenseGpu.Backward(batch * steps, inFeatures: 4, outFeatures: 12, global::Strata.Gpu.DenseActivation.Identity, input, _layerInProjWeight.Value, plan.LayerQkv, plan.LayerGradQkv, inputGradient ? plan.InputGrad : null, (_layerInProjWeight.IsFrozen ? null : _layerInProjWeight.Grad), (_layerInProjBias.IsFrozen ? null : _layerInProjBias.Grad));
    _gradientReadyListener?.GradientsReady(first: 0, count: 4);
}
