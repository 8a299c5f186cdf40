private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [2, 3, 4] → [T=12, 2]
    global::Strata.Cpu.ToSequenceCpu.Forward(batch, channels: 2, height: 3, width: 4, global::Strata.SequenceAxis.Pixels, input, plan.LayerOutput);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [2, 3, 4] → [T=12, 2]
    if (inputGradient)
    {
        global::Strata.Cpu.ToSequenceCpu.Backward(batch, channels: 2, height: 3, width: 4, global::Strata.SequenceAxis.Pixels, gradOutput, plan.InputGrad);
    }
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, int batch)
{
    // Layer: [2, 3, 4] → [T=12, 2]
    global::Strata.Gpu.ToSequenceGpu.Forward(batch, channels: 2, height: 3, width: 4, global::Strata.SequenceAxis.Pixels, input, plan.LayerOutput);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, bool inputGradient)
{
    // Layer: [2, 3, 4] → [T=12, 2]
    if (inputGradient)
    {
        global::Strata.Gpu.ToSequenceGpu.Backward(batch, channels: 2, height: 3, width: 4, global::Strata.SequenceAxis.Pixels, gradOutput, plan.InputGrad);
    }
}
