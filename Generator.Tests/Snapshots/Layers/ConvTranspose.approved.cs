private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [2, 3, 3] → [3, 6, 6]
    global::Strata.Cpu.ConvTranspose2dCpu.Forward<global::Strata.Cpu.ReluActivation>(new global::Strata.Cpu.ConvGeometry(Batch: batch, InChannels: 3, InHeight: 6, InWidth: 6, OutChannels: 2, KernelHeight: 4, KernelWidth: 4, Stride: 2, Pad: 1, OutHeight: 3, OutWidth: 3), input, _layerWeight.Value, _layerBias.Value, plan.LayerOutput, _workspace);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [2, 3, 3] → [3, 6, 6]
    global::Strata.Cpu.ConvTranspose2dCpu.Backward<global::Strata.Cpu.ReluActivation>(new global::Strata.Cpu.ConvGeometry(Batch: batch, InChannels: 3, InHeight: 6, InWidth: 6, OutChannels: 2, KernelHeight: 4, KernelWidth: 4, Stride: 2, Pad: 1, OutHeight: 3, OutWidth: 3), input, _layerWeight.Value, plan.LayerOutput, gradOutput, inputGradient ? plan.InputGrad : null, (_layerWeight.IsFrozen ? null : _layerWeight.Grad), (_layerBias.IsFrozen ? null : _layerBias.Grad), _workspace);
    _gradientReadyListener?.GradientsReady(first: 0, count: 2);
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [2, 3, 3] → [3, 6, 6]
    global::Strata.Gpu.ConvTranspose2dGpu.Forward(new global::Strata.Cpu.ConvGeometry(Batch: batch, InChannels: 3, InHeight: 6, InWidth: 6, OutChannels: 2, KernelHeight: 4, KernelWidth: 4, Stride: 2, Pad: 1, OutHeight: 3, OutWidth: 3), global::Strata.Gpu.DenseActivation.Relu, input, _layerWeight.Value, _layerBias.Value, plan.LayerOutput);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [2, 3, 3] → [3, 6, 6]
    global::Strata.Gpu.ConvTranspose2dGpu.Backward(new global::Strata.Cpu.ConvGeometry(Batch: batch, InChannels: 3, InHeight: 6, InWidth: 6, OutChannels: 2, KernelHeight: 4, KernelWidth: 4, Stride: 2, Pad: 1, OutHeight: 3, OutWidth: 3), global::Strata.Gpu.DenseActivation.Relu, input, _layerWeight.Value, plan.LayerOutput, gradOutput, inputGradient ? plan.InputGrad : null, (_layerWeight.IsFrozen ? null : _layerWeight.Grad), (_layerBias.IsFrozen ? null : _layerBias.Grad));
    _gradientReadyListener?.GradientsReady(first: 0, count: 2);
}
