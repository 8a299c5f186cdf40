private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // A: [6] → [6]
    global::Strata.Cpu.DenseCpu.Forward<global::Strata.Cpu.IdentityActivation>(batch, inFeatures: 6, outFeatures: 6, input, _aWeight.Value, _aBias.Value, plan.AOutput, _workspace);
    // Layer: [6], [6] → [6]
    plan.LayerOutput.CopyFrom(plan.AOutput);
    global::Strata.Cpu.ElementwiseCpu.AddTo(plan.AOutput, plan.LayerOutput);
    global::Strata.Cpu.ActivationCpu.ForwardInPlace<global::Strata.Cpu.ReluActivation>(plan.LayerOutput);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [6], [6] → [6]
    global::Strata.Cpu.ActivationCpu.BackwardInPlace<global::Strata.Cpu.ReluActivation>(plan.LayerOutput, gradOutput);
    plan.AOutputGrad.CopyFrom(gradOutput);
    plan.AOutputGradScratch.CopyFrom(gradOutput);
    global::Strata.Cpu.ElementwiseCpu.AddTo(plan.AOutputGradScratch, plan.AOutputGrad);

    // A: [6] → [6]
    global::Strata.Cpu.DenseCpu.Backward<global::Strata.Cpu.IdentityActivation>(batch, inFeatures: 6, outFeatures: 6, input, _aWeight.Value, plan.AOutput, plan.AOutputGrad, inputGradient ? plan.InputGrad : null, (_aWeight.IsFrozen ? null : _aWeight.Grad), (_aBias.IsFrozen ? null : _aBias.Grad), _workspace);
    _gradientReadyListener?.GradientsReady(first: 0, count: 2);
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // A: [6] → [6]
    global::Strata.Gpu.DenseGpu.Forward(batch, inFeatures: 6, outFeatures: 6, global::Strata.Gpu.DenseActivation.Identity, input, _aWeight.Value, _aBias.Value, plan.AOutput);
    // Layer: [6], [6] → [6]
    plan.LayerOutput.CopyFrom(plan.AOutput);
    global::Strata.Gpu.ElementwiseGpu.AddTo(plan.AOutput, plan.LayerOutput);
    global::Strata.Gpu.ActivationGpu.ForwardInPlace(global::Strata.Gpu.DenseActivation.Relu, plan.LayerOutput);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [6], [6] → [6]
    global::Strata.Gpu.ActivationGpu.BackwardInPlace(global::Strata.Gpu.DenseActivation.Relu, plan.LayerOutput, gradOutput);
    plan.AOutputGrad.CopyFrom(gradOutput);
    plan.AOutputGradScratch.CopyFrom(gradOutput);
    global::Strata.Gpu.ElementwiseGpu.AddTo(plan.AOutputGradScratch, plan.AOutputGrad);

    // A: [6] → [6]
    global::Strata.Gpu.DenseGpu.Backward(batch, inFeatures: 6, outFeatures: 6, global::Strata.Gpu.DenseActivation.Identity, input, _aWeight.Value, plan.AOutput, plan.AOutputGrad, inputGradient ? plan.InputGrad : null, (_aWeight.IsFrozen ? null : _aWeight.Grad), (_aBias.IsFrozen ? null : _aBias.Grad));
    _gradientReadyListener?.GradientsReady(first: 0, count: 2);
}
