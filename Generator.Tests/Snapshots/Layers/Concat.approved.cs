private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // A: [2, 4, 4] → [3, 4, 4]
    global::Strata.Cpu.Conv2dCpu.Forward<global::Strata.Cpu.IdentityActivation>(new global::Strata.Cpu.ConvGeometry(Batch: batch, InChannels: 2, InHeight: 4, InWidth: 4, OutChannels: 3, KernelHeight: 1, KernelWidth: 1, Stride: 1, Pad: 0, OutHeight: 4, OutWidth: 4), input, _aWeight.Value, _aBias.Value, plan.AOutput, _workspace);
    // Layer: [3, 4, 4], [2, 4, 4] → [5, 4, 4]
    global::Strata.Cpu.ConcatCpu.Forward(rows: batch, width: 48, offset: 0, outputWidth: 80, plan.AOutput, plan.LayerOutput);
    global::Strata.Cpu.ConcatCpu.Forward(rows: batch, width: 32, offset: 48, outputWidth: 80, input, plan.LayerOutput);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [3, 4, 4], [2, 4, 4] → [5, 4, 4]
    global::Strata.Cpu.ConcatCpu.Backward(rows: batch, width: 48, offset: 0, outputWidth: 80, gradOutput, plan.AOutputGrad);
    if (inputGradient)
    {
        global::Strata.Cpu.ConcatCpu.Backward(rows: batch, width: 32, offset: 48, outputWidth: 80, gradOutput, plan.InputGrad);
    }

    // A: [2, 4, 4] → [3, 4, 4]
    global::Strata.Cpu.Conv2dCpu.Backward<global::Strata.Cpu.IdentityActivation>(new global::Strata.Cpu.ConvGeometry(Batch: batch, InChannels: 2, InHeight: 4, InWidth: 4, OutChannels: 3, KernelHeight: 1, KernelWidth: 1, Stride: 1, Pad: 0, OutHeight: 4, OutWidth: 4), input, _aWeight.Value, plan.AOutput, plan.AOutputGrad, inputGradient ? plan.InputGradScratch : null, (_aWeight.IsFrozen ? null : _aWeight.Grad), (_aBias.IsFrozen ? null : _aBias.Grad), _workspace);
    if (inputGradient)
    {
        global::Strata.Cpu.ElementwiseCpu.AddTo(plan.InputGradScratch, plan.InputGrad);
    }

    _gradientReadyListener?.GradientsReady(first: 0, count: 2);
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // A: [2, 4, 4] → [3, 4, 4]
    global::Strata.Gpu.Conv2dGpu.Forward(new global::Strata.Cpu.ConvGeometry(Batch: batch, InChannels: 2, InHeight: 4, InWidth: 4, OutChannels: 3, KernelHeight: 1, KernelWidth: 1, Stride: 1, Pad: 0, OutHeight: 4, OutWidth: 4), global::Strata.Gpu.DenseActivation.Identity, input, _aWeight.Value, _aBias.Value, plan.AOutput);
    // Layer: [3, 4, 4], [2, 4, 4] → [5, 4, 4]
    global::Strata.Gpu.ConcatGpu.Forward(rows: batch, width: 48, offset: 0, outputWidth: 80, plan.AOutput, plan.LayerOutput);
    global::Strata.Gpu.ConcatGpu.Forward(rows: batch, width: 32, offset: 48, outputWidth: 80, input, plan.LayerOutput);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [3, 4, 4], [2, 4, 4] → [5, 4, 4]
    global::Strata.Gpu.ConcatGpu.Backward(rows: batch, width: 48, offset: 0, outputWidth: 80, gradOutput, plan.AOutputGrad);
    if (inputGradient)
    {
        global::Strata.Gpu.ConcatGpu.Backward(rows: batch, width: 32, offset: 48, outputWidth: 80, gradOutput, plan.InputGrad);
    }

    // A: [2, 4, 4] → [3, 4, 4]
    global::Strata.Gpu.Conv2dGpu.Backward(new global::Strata.Cpu.ConvGeometry(Batch: batch, InChannels: 2, InHeight: 4, InWidth: 4, OutChannels: 3, KernelHeight: 1, KernelWidth: 1, Stride: 1, Pad: 0, OutHeight: 4, OutWidth: 4), global::Strata.Gpu.DenseActivation.Identity, input, _aWeight.Value, plan.AOutput, plan.AOutputGrad, inputGradient ? plan.InputGradScratch : null, (_aWeight.IsFrozen ? null : _aWeight.Grad), (_aBias.IsFrozen ? null : _aBias.Grad));
    if (inputGradient)
    {
        global::Strata.Gpu.ElementwiseGpu.AddTo(plan.InputGradScratch, plan.InputGrad);
    }

    _gradientReadyListener?.GradientsReady(first: 0, count: 2);
}
