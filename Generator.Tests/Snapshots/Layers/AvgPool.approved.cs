private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [2, 4, 4] → [2, 4, 4]
    global::Strata.Cpu.Pool2dCpu.AvgForward(new global::Strata.Cpu.PoolGeometry(Batch: batch, Channels: 2, InHeight: 4, InWidth: 4, Kernel: 3, Stride: 1, Pad: 1, OutHeight: 4, OutWidth: 4), false, input, plan.LayerOutput);
    global::Strata.Cpu.ActivationCpu.ForwardInPlace<global::Strata.Cpu.SigmoidActivation>(plan.LayerOutput);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [2, 4, 4] → [2, 4, 4]
    if (inputGradient)
    {
        global::Strata.Cpu.ActivationCpu.BackwardInPlace<global::Strata.Cpu.SigmoidActivation>(plan.LayerOutput, gradOutput);
        global::Strata.Cpu.Pool2dCpu.AvgBackward(new global::Strata.Cpu.PoolGeometry(Batch: batch, Channels: 2, InHeight: 4, InWidth: 4, Kernel: 3, Stride: 1, Pad: 1, OutHeight: 4, OutWidth: 4), false, gradOutput, plan.InputGrad);
    }
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [2, 4, 4] → [2, 4, 4]
    global::Strata.Gpu.Pool2dGpu.AvgForward(new global::Strata.Cpu.PoolGeometry(Batch: batch, Channels: 2, InHeight: 4, InWidth: 4, Kernel: 3, Stride: 1, Pad: 1, OutHeight: 4, OutWidth: 4), false, input, plan.LayerOutput);
    global::Strata.Gpu.ActivationGpu.ForwardInPlace(global::Strata.Gpu.DenseActivation.Sigmoid, plan.LayerOutput);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [2, 4, 4] → [2, 4, 4]
    if (inputGradient)
    {
        global::Strata.Gpu.ActivationGpu.BackwardInPlace(global::Strata.Gpu.DenseActivation.Sigmoid, plan.LayerOutput, gradOutput);
        global::Strata.Gpu.Pool2dGpu.AvgBackward(new global::Strata.Cpu.PoolGeometry(Batch: batch, Channels: 2, InHeight: 4, InWidth: 4, Kernel: 3, Stride: 1, Pad: 1, OutHeight: 4, OutWidth: 4), false, gradOutput, plan.InputGrad);
    }
}
