private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [3, 2, 2] → [3, 2, 2]
    global::Strata.Cpu.SoftmaxCpu.Forward(outer: batch, channels: 3, inner: 4, input, plan.LayerOutput);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [3, 2, 2] → [3, 2, 2]
    if (inputGradient)
    {
        global::Strata.Cpu.SoftmaxCpu.Backward(outer: batch, channels: 3, inner: 4, plan.LayerOutput, gradOutput, plan.InputGrad);
    }
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [3, 2, 2] → [3, 2, 2]
    global::Strata.Gpu.SoftmaxGpu.Forward(outer: batch, channels: 3, inner: 4, input, plan.LayerOutput);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [3, 2, 2] → [3, 2, 2]
    if (inputGradient)
    {
        global::Strata.Gpu.SoftmaxGpu.Backward(outer: batch, channels: 3, inner: 4, plan.LayerOutput, gradOutput, plan.InputGrad);
    }
}
