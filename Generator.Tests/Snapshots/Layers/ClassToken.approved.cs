private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // A: [2, 4, 6] → [T=6, 3]
    global::Strata.Cpu.Conv2dCpu.Forward<global::Strata.Cpu.IdentityActivation>(new global::Strata.Cpu.ConvGeometry(Batch: batch, InChannels: 2, InHeight: 4, InWidth: 6, OutChannels: 3, KernelHeight: 2, KernelWidth: 2, Stride: 2, Pad: 0, OutHeight: 2, OutWidth: 3), input, _aProjWeight.Value, _aProjBias.Value, plan.APatches, _workspace);
    global::Strata.Cpu.ToSequenceCpu.Forward(batch, channels: 3, height: 2, width: 3, global::Strata.SequenceAxis.Pixels, plan.APatches, plan.AOutput);
    // Layer: [T=6, 3] → [T=7, 3]
    global::Strata.Cpu.ClassTokenCpu.Forward(batch, 6, width: 3, plan.AOutput, _layerWeight.Value, plan.LayerOutput);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [T=6, 3] → [T=7, 3]
    global::Strata.Cpu.ClassTokenCpu.Backward(batch, 6, width: 3, gradOutput, plan.AOutputGrad, _layerWeight.IsFrozen ? null : _layerWeight.Grad);
    _gradientReadyListener?.GradientsReady(first: 2, count: 1);

    // A: [2, 4, 6] → [T=6, 3]
    global::Strata.Cpu.ToSequenceCpu.Backward(batch, channels: 3, height: 2, width: 3, global::Strata.SequenceAxis.Pixels, plan.AOutputGrad, plan.AGradPatches);
    global::Strata.Cpu.Conv2dCpu.Backward<global::Strata.Cpu.IdentityActivation>(new global::Strata.Cpu.ConvGeometry(Batch: batch, InChannels: 2, InHeight: 4, InWidth: 6, OutChannels: 3, KernelHeight: 2, KernelWidth: 2, Stride: 2, Pad: 0, OutHeight: 2, OutWidth: 3), input, _aProjWeight.Value, plan.APatches, plan.AGradPatches, inputGradient ? plan.InputGrad : null, (_aProjWeight.IsFrozen ? null : _aProjWeight.Grad), (_aProjBias.IsFrozen ? null : _aProjBias.Grad), _workspace);
    _gradientReadyListener?.GradientsReady(first: 0, count: 2);
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // A: [2, 4, 6] → [T=6, 3]
    global::Strata.Gpu.Conv2dGpu.Forward(new global::Strata.Cpu.ConvGeometry(Batch: batch, InChannels: 2, InHeight: 4, InWidth: 6, OutChannels: 3, KernelHeight: 2, KernelWidth: 2, Stride: 2, Pad: 0, OutHeight: 2, OutWidth: 3), global::Strata.Gpu.DenseActivation.Identity, input, _aProjWeight.Value, _aProjBias.Value, plan.APatches);
    global::Strata.Gpu.ToSequenceGpu.Forward(batch, channels: 3, height: 2, width: 3, global::Strata.SequenceAxis.Pixels, plan.APatches, plan.AOutput);
    // Layer: [T=6, 3] → [T=7, 3]
    global::Strata.Gpu.ClassTokenGpu.Forward(batch, 6, width: 3, plan.AOutput, _layerWeight.Value, plan.LayerOutput);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [T=6, 3] → [T=7, 3]
    global::Strata.Gpu.ClassTokenGpu.Backward(batch, 6, width: 3, gradOutput, plan.AOutputGrad, _layerWeight.IsFrozen ? null : _layerWeight.Grad);
    _gradientReadyListener?.GradientsReady(first: 2, count: 1);

    // A: [2, 4, 6] → [T=6, 3]
    global::Strata.Gpu.ToSequenceGpu.Backward(batch, channels: 3, height: 2, width: 3, global::Strata.SequenceAxis.Pixels, plan.AOutputGrad, plan.AGradPatches);
    global::Strata.Gpu.Conv2dGpu.Backward(new global::Strata.Cpu.ConvGeometry(Batch: batch, InChannels: 2, InHeight: 4, InWidth: 6, OutChannels: 3, KernelHeight: 2, KernelWidth: 2, Stride: 2, Pad: 0, OutHeight: 2, OutWidth: 3), global::Strata.Gpu.DenseActivation.Identity, input, _aProjWeight.Value, plan.APatches, plan.AGradPatches, inputGradient ? plan.InputGrad : null, (_aProjWeight.IsFrozen ? null : _aProjWeight.Grad), (_aProjBias.IsFrozen ? null : _aProjBias.Grad));
    _gradientReadyListener?.GradientsReady(first: 0, count: 2);
}
