private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, RecurrentState? state, bool carried, int batch, int steps)
{
    // Layer: [T, 3] → [3]
    global::Strata.Cpu.MeanOverStepsCpu.Forward(batch, steps, width: 3, plan.Lengths, input, plan.LayerOutput);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, int steps, bool inputGradient)
{
    // Layer: [T, 3] → [3]
    if (inputGradient)
    {
        global::Strata.Cpu.MeanOverStepsCpu.Backward(batch, steps, width: 3, plan.Lengths, gradOutput, plan.InputGrad);
    }
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, RecurrentState? state, bool carried, int batch, int steps)
{
    // Layer: [T, 3] → [3]
    global::Strata.Gpu.MeanOverStepsGpu.Forward(batch, steps, width: 3, plan.Lengths, input, plan.LayerOutput);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, int steps, bool inputGradient)
{
    // Layer: [T, 3] → [3]
    if (inputGradient)
    {
        global::Strata.Gpu.MeanOverStepsGpu.Backward(batch, steps, width: 3, plan.Lengths, gradOutput, plan.InputGrad);
    }
}
