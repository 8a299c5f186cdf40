private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [2, 4, 6] → [T=6, 3]
    global::Strata.Cpu.Conv2dCpu.Forward<global::Strata.Cpu.IdentityActivation>(new global::Strata.Cpu.ConvGeometry(Batch: batch, InChannels: 2, InHeight: 4, InWidth: 6, OutChannels: 3, KernelHeight: 2, KernelWidth: 2, Stride: 2, Pad: 0, OutHeight: 2, OutWidth: 3), input, _layerProjWeight.Value, _layerProjBias.Value, plan.LayerPatches, _workspace);
    global::Strata.Cpu.ToSequenceCpu.Forward(batch, channels: 3, height: 2, width: 3, global::Strata.SequenceAxis.Pixels, plan.LayerPatches, plan.LayerOutput);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [2, 4, 6] → [T=6, 3]
    global::Strata.Cpu.ToSequenceCpu.Backward(batch, channels: 3, height: 2, width: 3, global::Strata.SequenceAxis.Pixels, gradOutput, plan.LayerGradPatches);
    global::Strata.Cpu.Conv2dCpu.Backward<global::Strata.Cpu.IdentityActivation>(new global::Strata.Cpu.ConvGeometry(Batch: batch, InChannels: 2, InHeight: 4, InWidth: 6, OutChannels: 3, KernelHeight: 2, KernelWidth: 2, Stride: 2, Pad: 0, OutHeight: 2, OutWidth: 3), input, _layerProjWeight.Value, plan.LayerPatches, plan.LayerGradPatches, inputGradient ? plan.InputGrad : null, (_layerProjWeight.IsFrozen ? null : _layerProjWeight.Grad), (_layerProjBias.IsFrozen ? null : _layerProjBias.Grad), _workspace);
    _gradientReadyListener?.GradientsReady(first: 0, count: 2);
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [2, 4, 6] → [T=6, 3]
    global::Strata.Gpu.Conv2dGpu.Forward(new global::Strata.Cpu.ConvGeometry(Batch: batch, InChannels: 2, InHeight: 4, InWidth: 6, OutChannels: 3, KernelHeight: 2, KernelWidth: 2, Stride: 2, Pad: 0, OutHeight: 2, OutWidth: 3), global::Strata.Gpu.DenseActivation.Identity, input, _layerProjWeight.Value, _layerProjBias.Value, plan.LayerPatches);
    global::Strata.Gpu.ToSequenceGpu.Forward(batch, channels: 3, height: 2, width: 3, global::Strata.SequenceAxis.Pixels, plan.LayerPatches, plan.LayerOutput);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [2, 4, 6] → [T=6, 3]
    global::Strata.Gpu.ToSequenceGpu.Backward(batch, channels: 3, height: 2, width: 3, global::Strata.SequenceAxis.Pixels, gradOutput, plan.LayerGradPatches);
    global::Strata.Gpu.Conv2dGpu.Backward(new global::Strata.Cpu.ConvGeometry(Batch: batch, InChannels: 2, InHeight: 4, InWidth: 6, OutChannels: 3, KernelHeight: 2, KernelWidth: 2, Stride: 2, Pad: 0, OutHeight: 2, OutWidth: 3), global::Strata.Gpu.DenseActivation.Identity, input, _layerProjWeight.Value, plan.LayerPatches, plan.LayerGradPatches, inputGradient ? plan.InputGrad : null, (_layerProjWeight.IsFrozen ? null : _layerProjWeight.Grad), (_layerProjBias.IsFrozen ? null : _layerProjBias.Grad));
    _gradientReadyListener?.GradientsReady(first: 0, count: 2);
}
