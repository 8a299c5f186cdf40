private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [2, 4, 4] → [2, 2, 2]
    global::Strata.Cpu.Pool2dCpu.MaxForward(new global::Strata.Cpu.PoolGeometry(Batch: batch, Channels: 2, InHeight: 4, InWidth: 4, Kernel: 2, Stride: 2, Pad: 0, OutHeight: 2, OutWidth: 2), input, plan.LayerOutput);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [2, 4, 4] → [2, 2, 2]
    if (inputGradient)
    {
        global::Strata.Cpu.Pool2dCpu.MaxBackward(new global::Strata.Cpu.PoolGeometry(Batch: batch, Channels: 2, InHeight: 4, InWidth: 4, Kernel: 2, Stride: 2, Pad: 0, OutHeight: 2, OutWidth: 2), input, gradOutput, plan.InputGrad);
    }
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [2, 4, 4] → [2, 2, 2]
    global::Strata.Gpu.Pool2dGpu.MaxForward(new global::Strata.Cpu.PoolGeometry(Batch: batch, Channels: 2, InHeight: 4, InWidth: 4, Kernel: 2, Stride: 2, Pad: 0, OutHeight: 2, OutWidth: 2), input, plan.LayerOutput);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [2, 4, 4] → [2, 2, 2]
    if (inputGradient)
    {
        global::Strata.Gpu.Pool2dGpu.MaxBackward(new global::Strata.Cpu.PoolGeometry(Batch: batch, Channels: 2, InHeight: 4, InWidth: 4, Kernel: 2, Stride: 2, Pad: 0, OutHeight: 2, OutWidth: 2), input, gradOutput, plan.InputGrad);
    }
}
