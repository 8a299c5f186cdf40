private void ForwardCpu(global::Strata.Tensor input, MemoryPlan plan, RecurrentState? state, bool carried, int batch, int steps)
{
    // Layer: [T, 3] → [8]
    global::Strata.Cpu.LstmCpu.Forward(new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 3, Hidden: 4), input, _layer.Weights(0, false), plan.LayerL0, _isTraining || _carryState ? plan.LayerL0D0Saved : null, _workspace, plan.LayerForward, carried ? state?.LayerL0D0H : null, carried ? state?.LayerL0D0C : null, state?.LayerL0D0H, state?.LayerL0D0C);
    global::Strata.Cpu.LstmCpu.Forward(new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 3, Hidden: 4), input, _layer.Weights(0, true), plan.LayerL0, _isTraining || _carryState ? plan.LayerL0D1Saved : null, _workspace, plan.LayerReverse, carried ? state?.LayerL0D1H : null, carried ? state?.LayerL0D1C : null, state?.LayerL0D1H, state?.LayerL0D1C);
    global::Strata.Cpu.LastStepCpu.Forward(batch, steps, hidden: 4, directions: 2, plan.Lengths, plan.LayerL0, plan.LayerOutput);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, int steps, bool inputGradient)
{
    // Layer: [T, 3] → [8]
    global::Strata.Cpu.LastStepCpu.Backward(batch, steps, hidden: 4, directions: 2, plan.Lengths, gradOutput, plan.LayerL0Grad);
    if (!_isTraining && !_carryState)
    {
        // The forward ran without keeping what backward reads: run layer 0 again, keeping it.
        global::Strata.Cpu.LstmCpu.Forward(new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 3, Hidden: 4), input, _layer.Weights(0, false), plan.LayerL0, plan.LayerL0D0Saved, _workspace, plan.LayerForward, null, null, null, null);
        global::Strata.Cpu.LstmCpu.Forward(new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 3, Hidden: 4), input, _layer.Weights(0, true), plan.LayerL0, plan.LayerL0D1Saved, _workspace, plan.LayerReverse, null, null, null, null);
    }

    global::Strata.Cpu.LstmCpu.Backward(new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 3, Hidden: 4), input, _layer.Weights(0, false), plan.LayerL0D0Saved, plan.LayerL0Grad, _layer.WeightGradientsUnlessFrozen(0, false), _workspace, plan.LayerForward, null, null, inputGradient ? plan.InputGrad : null, false, null, null);
    global::Strata.Cpu.LstmCpu.Backward(new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 3, Hidden: 4), input, _layer.Weights(0, true), plan.LayerL0D1Saved, plan.LayerL0Grad, _layer.WeightGradientsUnlessFrozen(0, true), _workspace, plan.LayerReverse, null, null, inputGradient ? plan.InputGrad : null, true, null, null);
    _gradientReadyListener?.GradientsReady(first: 0, count: 8);
}

private void ForwardGpu(global::Strata.Tensor input, MemoryPlan plan, RecurrentState? state, bool carried, int batch, int steps)
{
    // Layer: [T, 3] → [8]
    global::Strata.Gpu.RecurrentGpu.Forward(global::Strata.Gpu.RecurrentCell.Lstm, new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 3, Hidden: 4), input, _layer.Weights(0, false), plan.LayerL0, plan.LayerL0D0Saved, plan.LayerForward, carried ? state?.LayerL0D0H : null, carried ? state?.LayerL0D0C : null, state?.LayerL0D0H, state?.LayerL0D0C);
    global::Strata.Gpu.RecurrentGpu.Forward(global::Strata.Gpu.RecurrentCell.Lstm, new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 3, Hidden: 4), input, _layer.Weights(0, true), plan.LayerL0, plan.LayerL0D1Saved, plan.LayerReverse, carried ? state?.LayerL0D1H : null, carried ? state?.LayerL0D1C : null, state?.LayerL0D1H, state?.LayerL0D1C);
    global::Strata.Gpu.SequenceGpu.LastStepForward(batch, steps, hidden: 4, directions: 2, plan.Lengths, plan.LayerL0, plan.LayerOutput);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, int steps, bool inputGradient)
{
    // Layer: [T, 3] → [8]
    global::Strata.Gpu.SequenceGpu.LastStepBackward(batch, steps, hidden: 4, directions: 2, plan.Lengths, gradOutput, plan.LayerL0Grad);
    global::Strata.Gpu.RecurrentGpu.Backward(global::Strata.Gpu.RecurrentCell.Lstm, new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 3, Hidden: 4), input, _layer.Weights(0, false), plan.LayerL0D0Saved, plan.LayerL0Grad, _layer.WeightGradientsUnlessFrozen(0, false), plan.LayerForward, null, null, inputGradient ? plan.InputGrad : null, false, null, null);
    global::Strata.Gpu.RecurrentGpu.Backward(global::Strata.Gpu.RecurrentCell.Lstm, new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 3, Hidden: 4), input, _layer.Weights(0, true), plan.LayerL0D1Saved, plan.LayerL0Grad, _layer.WeightGradientsUnlessFrozen(0, true), plan.LayerReverse, null, null, inputGradient ? plan.InputGrad : null, true, null, null);
    _gradientReadyListener?.GradientsReady(first: 0, count: 8);
}
