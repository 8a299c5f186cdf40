private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, RecurrentState? state, bool carried, int batch, int steps)
{
    // Layer: [T, 3] → [T, 4]
    if (!_isTraining && !_carryState)
    {
        global::Strata.Cpu.GruCpu.ForwardStack(new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 3, Hidden: 4), input, [_layer.Weights(0, false), _layer.Weights(1, false)], [plan.LayerL0, plan.LayerOutput], _workspace, plan.LayerForward);
        global::Strata.Cpu.DropoutCpu.Forward(plan.LayerMask0, plan.LayerL0, plan.LayerL0, 0.5f, _dropoutRandom, _isTraining);
    }
    else
    {
        global::Strata.Cpu.GruCpu.Forward(new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 3, Hidden: 4), input, _layer.Weights(0, false), plan.LayerL0, plan.LayerL0D0Saved, _workspace, plan.LayerForward, carried ? state?.LayerL0D0H : null, state?.LayerL0D0H);
        global::Strata.Cpu.DropoutCpu.Forward(plan.LayerMask0, plan.LayerL0, plan.LayerL0, 0.5f, _dropoutRandom, _isTraining);
        global::Strata.Cpu.GruCpu.Forward(new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 4, Hidden: 4), plan.LayerL0, _layer.Weights(1, false), plan.LayerOutput, plan.LayerL1D0Saved, _workspace, plan.LayerForward, carried ? state?.LayerL1D0H : null, state?.LayerL1D0H);
    }
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, int steps, bool inputGradient)
{
    // Layer: [T, 3] → [T, 4]
    if (!_isTraining && !_carryState)
    {
        // The forward ran without keeping what backward reads: run layer 1 again, keeping it.
        global::Strata.Cpu.GruCpu.Forward(new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 4, Hidden: 4), plan.LayerL0, _layer.Weights(1, false), plan.LayerOutput, plan.LayerL1D0Saved, _workspace, plan.LayerForward, null, null);
    }

    global::Strata.Cpu.GruCpu.Backward(new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 4, Hidden: 4), plan.LayerL0, _layer.Weights(1, false), plan.LayerL1D0Saved, gradOutput, _layer.WeightGradientsUnlessFrozen(1, false), _workspace, plan.LayerForward, null, plan.LayerL0Grad, false, null);
    global::Strata.Cpu.DropoutCpu.Backward(plan.LayerMask0, plan.LayerL0Grad, plan.LayerL0Grad);
    if (!_isTraining && !_carryState)
    {
        // The forward ran without keeping what backward reads: run layer 0 again, keeping it.
        global::Strata.Cpu.GruCpu.Forward(new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 3, Hidden: 4), input, _layer.Weights(0, false), plan.LayerL0, plan.LayerL0D0Saved, _workspace, plan.LayerForward, null, null);
    }

    global::Strata.Cpu.GruCpu.Backward(new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 3, Hidden: 4), input, _layer.Weights(0, false), plan.LayerL0D0Saved, plan.LayerL0Grad, _layer.WeightGradientsUnlessFrozen(0, false), _workspace, plan.LayerForward, null, inputGradient ? plan.InputGrad : null, false, null);
    _gradientReadyListener?.GradientsReady(first: 0, count: 8);
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, RecurrentState? state, bool carried, int batch, int steps)
{
    // Layer: [T, 3] → [T, 4]
    global::Strata.Gpu.RecurrentGpu.Forward(global::Strata.Gpu.RecurrentCell.Gru, new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 3, Hidden: 4), input, _layer.Weights(0, false), plan.LayerL0, plan.LayerL0D0Saved, plan.LayerForward, carried ? state?.LayerL0D0H : null, null, state?.LayerL0D0H, null);
    global::Strata.Gpu.DropoutGpu.Forward(plan.LayerMask0, plan.LayerL0, plan.LayerL0, 0.5f, _dropoutRandom, _isTraining);
    global::Strata.Gpu.RecurrentGpu.Forward(global::Strata.Gpu.RecurrentCell.Gru, new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 4, Hidden: 4), plan.LayerL0, _layer.Weights(1, false), plan.LayerOutput, plan.LayerL1D0Saved, plan.LayerForward, carried ? state?.LayerL1D0H : null, null, state?.LayerL1D0H, null);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, int steps, bool inputGradient)
{
    // Layer: [T, 3] → [T, 4]
    global::Strata.Gpu.RecurrentGpu.Backward(global::Strata.Gpu.RecurrentCell.Gru, new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 4, Hidden: 4), plan.LayerL0, _layer.Weights(1, false), plan.LayerL1D0Saved, gradOutput, _layer.WeightGradientsUnlessFrozen(1, false), plan.LayerForward, null, null, plan.LayerL0Grad, false, null, null);
    global::Strata.Gpu.DropoutGpu.Backward(plan.LayerMask0, plan.LayerL0Grad, plan.LayerL0Grad);
    global::Strata.Gpu.RecurrentGpu.Backward(global::Strata.Gpu.RecurrentCell.Gru, new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 3, Hidden: 4), input, _layer.Weights(0, false), plan.LayerL0D0Saved, plan.LayerL0Grad, _layer.WeightGradientsUnlessFrozen(0, false), plan.LayerForward, null, null, inputGradient ? plan.InputGrad : null, false, null, null);
    _gradientReadyListener?.GradientsReady(first: 0, count: 8);
}
