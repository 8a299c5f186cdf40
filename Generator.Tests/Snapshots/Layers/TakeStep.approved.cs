private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, RecurrentState? state, bool carried, int batch, int steps)
{
    // Layer: [T, 3] → [3]
    global::Strata.Cpu.TakeStepCpu.Forward(batch, steps, width: 3, index: 0, input, plan.LayerOutput);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, int steps, bool inputGradient)
{
    // Layer: [T, 3] → [3]
    if (inputGradient)
    {
        global::Strata.Cpu.TakeStepCpu.Backward(batch, steps, width: 3, index: 0, gradOutput, plan.InputGrad);
    }
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, RecurrentState? state, bool carried, int batch, int steps)
{
    // Layer: [T, 3] → [3]
    global::Strata.Gpu.TakeStepGpu.Forward(batch, steps, width: 3, index: 0, input, plan.LayerOutput);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, int steps, bool inputGradient)
{
    // Layer: [T, 3] → [3]
    if (inputGradient)
    {
        global::Strata.Gpu.TakeStepGpu.Backward(batch, steps, width: 3, index: 0, gradOutput, plan.InputGrad);
    }
}
