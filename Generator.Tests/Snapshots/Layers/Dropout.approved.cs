private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [6] → [6]
    global::Strata.Cpu.DropoutCpu.Forward(plan.LayerMask, input, plan.LayerOutput, 0.25f, _dropoutRandom, _isTraining);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [6] → [6]
    if (inputGradient)
    {
        global::Strata.Cpu.DropoutCpu.Backward(plan.LayerMask, gradOutput, plan.InputGrad);
    }
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [6] → [6]
    global::Strata.Gpu.DropoutGpu.Forward(plan.LayerMask, input, plan.LayerOutput, 0.25f, _dropoutRandom, _isTraining);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [6] → [6]
    if (inputGradient)
    {
        global::Strata.Gpu.DropoutGpu.Backward(plan.LayerMask, gradOutput, plan.InputGrad);
    }
}
