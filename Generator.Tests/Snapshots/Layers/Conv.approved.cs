private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [2, 5, 5] → [3, 3, 3]
    global::Strata.Cpu.Conv2dCpu.Forward<global::Strata.Cpu.ReluActivation>(new global::Strata.Cpu.ConvGeometry(Batch: batch, InChannels: 2, InHeight: 5, InWidth: 5, OutChannels: 3, KernelHeight: 3, KernelWidth: 3, Stride: 2, Pad: 1, OutHeight: 3, OutWidth: 3), input, _layerWeight.Value, _layerBias.Value, plan.LayerOutput, _workspace);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [2, 5, 5] → [3, 3, 3]
    global::Strata.Cpu.Conv2dCpu.Backward<global::Strata.Cpu.ReluActivation>(new global::Strata.Cpu.ConvGeometry(Batch: batch, InChannels: 2, InHeight: 5, InWidth: 5, OutChannels: 3, KernelHeight: 3, KernelWidth: 3, Stride: 2, Pad: 1, OutHeight: 3, OutWidth: 3), input, _layerWeight.Value, plan.LayerOutput, gradOutput, inputGradient ? plan.InputGrad : null, (_layerWeight.IsFrozen ? null : _layerWeight.Grad), (_layerBias.IsFrozen ? null : _layerBias.Grad), _workspace);
    _gradientReadyListener?.GradientsReady(first: 0, count: 2);
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [2, 5, 5] → [3, 3, 3]
    global::Strata.Gpu.Conv2dGpu.Forward(new global::Strata.Cpu.ConvGeometry(Batch: batch, InChannels: 2, InHeight: 5, InWidth: 5, OutChannels: 3, KernelHeight: 3, KernelWidth: 3, Stride: 2, Pad: 1, OutHeight: 3, OutWidth: 3), global::Strata.Gpu.DenseActivation.Relu, input, _layerWeight.Value, _layerBias.Value, plan.LayerOutput);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [2, 5, 5] → [3, 3, 3]
    global::Strata.Gpu.Conv2dGpu.Backward(new global::Strata.Cpu.ConvGeometry(Batch: batch, InChannels: 2, InHeight: 5, InWidth: 5, OutChannels: 3, KernelHeight: 3, KernelWidth: 3, Stride: 2, Pad: 1, OutHeight: 3, OutWidth: 3), global::Strata.Gpu.DenseActivation.Relu, input, _layerWeight.Value, plan.LayerOutput, gradOutput, inputGradient ? plan.InputGrad : null, (_layerWeight.IsFrozen ? null : _layerWeight.Grad), (_layerBias.IsFrozen ? null : _layerBias.Grad));
    _gradientReadyListener?.GradientsReady(first: 0, count: 2);
}
