private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, RecurrentState? state, bool carried, int batch, int steps)
{
    // Layer: [T, 3] → [T, 4]
    global::Strata.Cpu.RnnCpu.Forward<global::Strata.Cpu.ReluActivation>(new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 3, Hidden: 4), input, _layer.Weights(0, false), plan.LayerOutput, _isTraining || _carryState ? plan.LayerL0D0Saved : null, _workspace, plan.LayerForward, carried ? state?.LayerL0D0H : null, state?.LayerL0D0H);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, int steps, bool inputGradient)
{
    // Layer: [T, 3] → [T, 4]
    if (!_isTraining && !_carryState)
    {
        // The forward ran without keeping what backward reads: run layer 0 again, keeping it.
        global::Strata.Cpu.RnnCpu.Forward<global::Strata.Cpu.ReluActivation>(new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 3, Hidden: 4), input, _layer.Weights(0, false), plan.LayerOutput, plan.LayerL0D0Saved, _workspace, plan.LayerForward, null, null);
    }

    global::Strata.Cpu.RnnCpu.Backward<global::Strata.Cpu.ReluActivation>(new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 3, Hidden: 4), input, _layer.Weights(0, false), plan.LayerL0D0Saved, gradOutput, _layer.WeightGradientsUnlessFrozen(0, false), _workspace, plan.LayerForward, null, inputGradient ? plan.InputGrad : null, false, null);
    _gradientReadyListener?.GradientsReady(first: 0, count: 4);
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, RecurrentState? state, bool carried, int batch, int steps)
{
    // Layer: [T, 3] → [T, 4]
    global::Strata.Gpu.RecurrentGpu.Forward(global::Strata.Gpu.RecurrentCell.RnnRelu, new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 3, Hidden: 4), input, _layer.Weights(0, false), plan.LayerOutput, plan.LayerL0D0Saved, plan.LayerForward, carried ? state?.LayerL0D0H : null, null, state?.LayerL0D0H, null);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, int steps, bool inputGradient)
{
    // Layer: [T, 3] → [T, 4]
    global::Strata.Gpu.RecurrentGpu.Backward(global::Strata.Gpu.RecurrentCell.RnnRelu, new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 3, Hidden: 4), input, _layer.Weights(0, false), plan.LayerL0D0Saved, gradOutput, _layer.WeightGradientsUnlessFrozen(0, false), plan.LayerForward, null, null, inputGradient ? plan.InputGrad : null, false, null, null);
    _gradientReadyListener?.GradientsReady(first: 0, count: 4);
}
