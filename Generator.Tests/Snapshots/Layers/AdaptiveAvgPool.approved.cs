private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [2, 7, 5] → [2, 3, 2]
    global::Strata.Cpu.AdaptiveAvgPoolCpu.Forward(batch, channels: 2, inHeight: 7, inWidth: 5, outHeight: 3, outWidth: 2, input, plan.LayerOutput);
    global::Strata.Cpu.ActivationCpu.ForwardInPlace<global::Strata.Cpu.ReluActivation>(plan.LayerOutput);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [2, 7, 5] → [2, 3, 2]
    if (inputGradient)
    {
        global::Strata.Cpu.ActivationCpu.BackwardInPlace<global::Strata.Cpu.ReluActivation>(plan.LayerOutput, gradOutput);
        global::Strata.Cpu.AdaptiveAvgPoolCpu.Backward(batch, channels: 2, inHeight: 7, inWidth: 5, outHeight: 3, outWidth: 2, gradOutput, plan.InputGrad);
    }
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [2, 7, 5] → [2, 3, 2]
    global::Strata.Gpu.AdaptiveAvgPoolGpu.Forward(batch, channels: 2, inHeight: 7, inWidth: 5, outHeight: 3, outWidth: 2, input, plan.LayerOutput);
    global::Strata.Gpu.ActivationGpu.ForwardInPlace(global::Strata.Gpu.DenseActivation.Relu, plan.LayerOutput);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [2, 7, 5] → [2, 3, 2]
    if (inputGradient)
    {
        global::Strata.Gpu.ActivationGpu.BackwardInPlace(global::Strata.Gpu.DenseActivation.Relu, plan.LayerOutput, gradOutput);
        global::Strata.Gpu.AdaptiveAvgPoolGpu.Backward(batch, channels: 2, inHeight: 7, inWidth: 5, outHeight: 3, outWidth: 2, gradOutput, plan.InputGrad);
    }
}
