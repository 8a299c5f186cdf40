private void ForwardCpu(global::Strata.Tensor input, global::Strata.Tensor target, MemoryPlan plan, RecurrentState? state, bool carried, int batch, int steps, int targetSteps)
{
    // Encoder: [T, 3] → [T, 4]
    global::Strata.Cpu.GruCpu.Forward(new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 3, Hidden: 4), input, _encoder.Weights(0, false), plan.EncoderOutput, _isTraining || _carryState ? plan.EncoderL0D0Saved : null, _workspace, plan.EncoderForward, carried ? state?.EncoderL0D0H : null, state?.EncoderL0D0H);
    // Layer: [T(target), 2], [T, 4] → [T(target), 4]
    global::Strata.Cpu.LastStepCpu.Forward(batch, steps, hidden: 4, directions: 1, plan.Lengths, plan.EncoderOutput, plan.LayerInitialState);
    global::Strata.Cpu.AttentionGruCpu.Forward(new global::Strata.Cpu.AttentionGruGeometry(Batch: batch, TargetSteps: targetSteps, SourceSteps: steps, InputSize: 2, MemoryWidth: 4, Hidden: 4, AttentionHidden: 3), target, plan.EncoderOutput, plan.Lengths, plan.TargetLengths, plan.LayerInitialState, _layer.Weights, plan.LayerOutput, plan.LayerTape, _workspace, null, plan.LayerAttention);
}

private void BackwardCpu(global::Strata.Tensor input, global::Strata.Tensor target, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, int steps, int targetSteps, bool inputGradient)
{
    // Layer: [T(target), 2], [T, 4] → [T(target), 4]
    global::Strata.Cpu.AttentionGruCpu.Backward(new global::Strata.Cpu.AttentionGruGeometry(Batch: batch, TargetSteps: targetSteps, SourceSteps: steps, InputSize: 2, MemoryWidth: 4, Hidden: 4, AttentionHidden: 3), plan.EncoderOutput, plan.Lengths, plan.TargetLengths, _layer.Weights, plan.LayerTape, gradOutput, null, _layer.Gradients, _workspace, inputGradient ? plan.TargetGrad : null, plan.EncoderOutputGrad, plan.LayerInitialStateGrad);
    global::Strata.Cpu.LastStepCpu.Backward(batch, steps, hidden: 4, directions: 1, plan.Lengths, plan.LayerInitialStateGrad, plan.LayerMemoryGradFromState);
    global::Strata.Cpu.ElementwiseCpu.AddTo(plan.LayerMemoryGradFromState, plan.EncoderOutputGrad);
    _gradientReadyListener?.GradientsReady(first: 4, count: 7);

    // Encoder: [T, 3] → [T, 4]
    if (!_isTraining && !_carryState)
    {
        // The forward ran without keeping what backward reads: run layer 0 again, keeping it.
        global::Strata.Cpu.GruCpu.Forward(new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 3, Hidden: 4), input, _encoder.Weights(0, false), plan.EncoderOutput, plan.EncoderL0D0Saved, _workspace, plan.EncoderForward, null, null);
    }

    global::Strata.Cpu.GruCpu.Backward(new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 3, Hidden: 4), input, _encoder.Weights(0, false), plan.EncoderL0D0Saved, plan.EncoderOutputGrad, _encoder.WeightGradientsUnlessFrozen(0, false), _workspace, plan.EncoderForward, null, inputGradient ? plan.InputGrad : null, false, null);
    _gradientReadyListener?.GradientsReady(first: 0, count: 4);
}

private void ForwardGpu(global::Strata.Tensor input, global::Strata.Tensor target, MemoryPlan plan, RecurrentState? state, bool carried, int batch, int steps, int targetSteps)
{
    // Encoder: [T, 3] → [T, 4]
    global::Strata.Gpu.RecurrentGpu.Forward(global::Strata.Gpu.RecurrentCell.Gru, new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 3, Hidden: 4), input, _encoder.Weights(0, false), plan.EncoderOutput, plan.EncoderL0D0Saved, plan.EncoderForward, carried ? state?.EncoderL0D0H : null, null, state?.EncoderL0D0H, null);
    // Layer: [T(target), 2], [T, 4] → [T(target), 4]
    global::Strata.Gpu.SequenceGpu.LastStepForward(batch, steps, hidden: 4, directions: 1, plan.Lengths, plan.EncoderOutput, plan.LayerInitialState);
    global::Strata.Gpu.AttentionGruGpu.Forward(new global::Strata.Cpu.AttentionGruGeometry(Batch: batch, TargetSteps: targetSteps, SourceSteps: steps, InputSize: 2, MemoryWidth: 4, Hidden: 4, AttentionHidden: 3), target, plan.EncoderOutput, plan.Lengths, plan.TargetLengths, plan.LayerInitialState, _layer.Weights, plan.LayerOutput, plan.LayerGpuTape, null, plan.LayerAttention);
}

private void BackwardGpu(global::Strata.Tensor input, global::Strata.Tensor target, global::Strata.Tensor gradOutput, MemoryPlan plan, int batch, int steps, int targetSteps, bool inputGradient)
{
    // Layer: [T(target), 2], [T, 4] → [T(target), 4]
    global::Strata.Gpu.AttentionGruGpu.Backward(new global::Strata.Cpu.AttentionGruGeometry(Batch: batch, TargetSteps: targetSteps, SourceSteps: steps, InputSize: 2, MemoryWidth: 4, Hidden: 4, AttentionHidden: 3), plan.EncoderOutput, plan.Lengths, plan.TargetLengths, _layer.Weights, plan.LayerGpuTape, gradOutput, null, _layer.Gradients, inputGradient ? plan.TargetGrad : null, plan.EncoderOutputGrad, plan.LayerInitialStateGrad);
    global::Strata.Gpu.SequenceGpu.LastStepBackward(batch, steps, hidden: 4, directions: 1, plan.Lengths, plan.LayerInitialStateGrad, plan.LayerMemoryGradFromState);
    global::Strata.Gpu.ElementwiseGpu.AddTo(plan.LayerMemoryGradFromState, plan.EncoderOutputGrad);
    _gradientReadyListener?.GradientsReady(first: 4, count: 7);

    // Encoder: [T, 3] → [T, 4]
    global::Strata.Gpu.RecurrentGpu.Backward(global::Strata.Gpu.RecurrentCell.Gru, new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: steps, InputSize: 3, Hidden: 4), input, _encoder.Weights(0, false), plan.EncoderL0D0Saved, plan.EncoderOutputGrad, _encoder.WeightGradientsUnlessFrozen(0, false), plan.EncoderForward, null, null, inputGradient ? plan.InputGrad : null, false, null, null);
    _gradientReadyListener?.GradientsReady(first: 0, count: 4);
}
