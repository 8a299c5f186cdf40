using Strata.Generator.Model;
using static Strata.Generator.Emit.Literals;

namespace Strata.Generator.Emit
{
    /// <summary>
    /// The thread-safe inference entry point of every model: <c>Predict</c>, which returns a tensor the caller owns or
    /// writes into one the caller gives. Each call checks its arguments, holds the weights for reading through the
    /// model's <c>ModelGuard</c> (and the device, on a GPU), and runs Forward's body on a replica rented from the model's
    /// <c>ReplicaPool</c>, so concurrent calls share the parameters but never a buffer.
    /// </summary>
    internal static class PredictEmitter
    {
        public static void Emit(IndentedWriter writer, LoweredModel model)
        {
            var name = String(model.ClassName);
            var output = MemoryPlanEmitter.Sizes(model.Output.Shape);
            if (model.SecondInput is { } second)
            {
                EmitTwoInputs(writer, model, second.Name, output);
                return;
            }

            if (model.IsSequence)
            {
                var expected = String(model.TokenInput ? "[batch, steps] token ids" : $"[batch, steps, {Int(model.Input[0])}]");
                writer.Line("/// <inheritdoc/>");
                writer.Line($"public {TypeNames.Tensor} Predict({TypeNames.Tensor} input) => Predict(input, lengths: null);");
                writer.Line();
                writer.Line("/// <inheritdoc/>");
                using (writer.Block($"public {TypeNames.Tensor} Predict({TypeNames.Tensor} input, int[]? lengths)"))
                {
                    CheckSequence(writer, name, expected);
                    writer.Line($"var output = Device.Allocate({output});");
                    writer.Line("PredictOn(input, lengths, output);");
                    writer.Line("return output;");
                }

                writer.Line();
                writer.Line("/// <inheritdoc/>");
                writer.Line($"public void Predict({TypeNames.Tensor} input, {TypeNames.Tensor} output) => Predict(input, null, output);");
                writer.Line();
                writer.Line("/// <inheritdoc/>");
                using (writer.Block($"public void Predict({TypeNames.Tensor} input, int[]? lengths, {TypeNames.Tensor} output)"))
                {
                    CheckSequence(writer, name, expected);
                    writer.Line($"{TypeNames.ModelOutput}.Check(output, Device, s_outputShape, batch, steps, {name});");
                    writer.Line("PredictOn(input, lengths, output);");
                }
            }
            else
            {
                var expected = String(model.Input.ToBatchString("batch"));
                writer.Line("/// <inheritdoc/>");
                using (writer.Block($"public {TypeNames.Tensor} Predict({TypeNames.Tensor} input)"))
                {
                    writer.Line($"{TypeNames.ModelInput}.Check(input, Device, s_inputShape, {name}, {expected});");
                    writer.Line("var batch = input.Shape[0];");
                    writer.Line($"var output = Device.Allocate({output});");
                    writer.Line("PredictOn(input, output);");
                    writer.Line("return output;");
                }

                writer.Line();
                writer.Line("/// <inheritdoc/>");
                using (writer.Block($"public void Predict({TypeNames.Tensor} input, {TypeNames.Tensor} output)"))
                {
                    writer.Line($"{TypeNames.ModelInput}.Check(input, Device, s_inputShape, {name}, {expected});");
                    writer.Line($"{TypeNames.ModelOutput}.Check(output, Device, s_outputShape, input.Shape[0], 0, {name});");
                    writer.Line("PredictOn(input, output);");
                }
            }

            writer.Line();
            EmitPredictOn(writer, model);
        }

        /// <summary>Predict of an encoder–decoder model: both inputs and both lengths; the one-input overloads of IModel throw.</summary>
        private static void EmitTwoInputs(IndentedWriter writer, LoweredModel model, string name, string output)
        {
            var throws = ModelEmitter.NeedsBothInputs(model, "Predict").TrimEnd(';');
            writer.Line("/// <summary>Throws: this model reads two inputs; call the overload that takes both.</summary>");
            writer.Line($"public {TypeNames.Tensor} Predict({TypeNames.Tensor} input) => {throws};");
            writer.Line();
            writer.Line("/// <summary>Throws: this model reads two inputs; call the overload that takes both.</summary>");
            writer.Line($"public void Predict({TypeNames.Tensor} input, {TypeNames.Tensor} output) => {throws};");
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            using (writer.Block($"public {TypeNames.Tensor} Predict({TypeNames.Tensor} input, int[]? lengths, {TypeNames.Tensor} {name}, int[]? {name}Lengths)"))
            {
                ModelEmitter.CheckBothInputs(writer, model);
                writer.Line($"var output = Device.Allocate({output});");
                writer.Line("using var call = _guard.BeginPredict();");
                writer.Line("var replica = _replicas.Rent();");
                using (writer.Block("try"))
                {
                    writer.Line($"var plan = replica.PlanFor(batch, {model.StepArguments});");
                    writer.Line($"{TypeNames.SequenceLengths}.Fill(plan.Lengths, lengths, steps);");
                    writer.Line($"{TypeNames.SequenceLengths}.Fill(plan.{OpWriter.LengthsField(name)}, {name}Lengths, {name}Steps);");
                    var arguments = $"input, {name}, plan, null, false, batch, {model.StepArguments}";
                    using (writer.Block("if (Device.IsGpu)"))
                    {
                        writer.Line($"replica.ForwardGpu({arguments});");
                    }

                    using (writer.Block("else"))
                    {
                        writer.Line($"replica.ForwardCpu({arguments});");
                    }

                    writer.Line();
                    writer.Line($"output.CopyFrom({TensorExpressions.Value(model.Output)});");
                }

                using (writer.Block("finally"))
                {
                    writer.Line("_replicas.Return(replica);");
                }

                writer.Line("return output;");
            }
        }

        private static void CheckSequence(IndentedWriter writer, string name, string expected)
        {
            writer.Line($"{TypeNames.ModelInput}.Check(input, Device, s_inputShape, {name}, {expected});");
            writer.Line("var batch = input.Shape[0];");
            writer.Line("var steps = input.Shape[1];");
            writer.Line($"{TypeNames.SequenceLengths}.Check(lengths, batch, steps);");
        }

        /// <summary>The checked call: Forward's body on a rented replica, then a copy of its output into the caller's tensor.</summary>
        private static void EmitPredictOn(IndentedWriter writer, LoweredModel model)
        {
            var sequence = model.IsSequence;
            writer.Line("/// <summary>Runs Forward's body on a replica, holding the weights for reading, and copies the result into <paramref name=\"output\"/>.</summary>");
            using (writer.Block($"private void PredictOn({TypeNames.Tensor} input, {(sequence ? "int[]? lengths, " : string.Empty)}{TypeNames.Tensor} output)"))
            {
                writer.Line("var batch = input.Shape[0];");
                if (sequence)
                {
                    writer.Line("var steps = input.Shape[1];");
                }

                writer.Line("using var call = _guard.BeginPredict();");
                writer.Line("var replica = _replicas.Rent();");
                using (writer.Block("try"))
                {
                    writer.Line(sequence ? "var plan = replica.PlanFor(batch, steps);" : "var plan = replica.PlanFor(batch);");
                    if (sequence)
                    {
                        writer.Line($"{TypeNames.SequenceLengths}.Fill(plan.Lengths, lengths, steps);");
                    }

                    var arguments = sequence ? "input, plan, null, false, batch, steps" : "input, plan, batch";
                    using (writer.Block("if (Device.IsGpu)"))
                    {
                        writer.Line($"replica.ForwardGpu({arguments});");
                    }

                    using (writer.Block("else"))
                    {
                        writer.Line($"replica.ForwardCpu({arguments});");
                    }

                    writer.Line();
                    writer.Line($"output.CopyFrom({TensorExpressions.Value(model.Output)});");
                }

                using (writer.Block("finally"))
                {
                    writer.Line("_replicas.Return(replica);");
                }
            }
        }
    }
}
