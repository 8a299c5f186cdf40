private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [5] → [5]
    global::Strata.Cpu.GeluCpu.Forward(input, plan.LayerOutput);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [5] → [5]
    if (inputGradient)
    {
        global::Strata.Cpu.GeluCpu.Backward(input, gradOutput, plan.InputGrad);
    }
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [5] → [5]
    global::Strata.Gpu.GeluGpu.Forward(input, plan.LayerOutput);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [5] → [5]
    if (inputGradient)
    {
        global::Strata.Gpu.GeluGpu.Backward(input, gradOutput, plan.InputGrad);
    }
}
