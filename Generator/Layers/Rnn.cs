using Strata.Generator.Diagnostics;
using Strata.Generator.Model;
using Strata.Generator.Parsing;
using Strata.Generator.Shapes;

namespace Strata.Generator.Layers
{
    /// <summary><c>[Rnn(hidden, activation: RnnActivation.Tanh)]</c>, PyTorch's <c>nn.RNN</c>: h = act(W_ih x + b_ih + W_hh h + b_hh).</summary>
    internal sealed class Rnn : Recurrent
    {
        public static readonly Rnn Definition = new();

        public override LayerKind Kind => LayerKind.Rnn;

        public override string Name => "Rnn";

        public override string Example => "Rnn(64)";

        public override string HandleType => "Strata.Rnn";

        public override int Gates => 1;

        protected override string CellName(LayerSpec spec) => spec.Sequence!.RnnRelu ? "RNN relu" : "RNN tanh";

        protected override string CpuKernel => "RnnCpu";

        protected override LayerArgument? ReadActivation(AttributeArguments arguments) => arguments.ConstructorInt("activation");

        protected override string CpuGeneric(RecurrentArgs args) => "<" + Emit.TypeNames.Cpu + (args.RnnRelu ? ".ReluActivation>" : ".TanhActivation>");

        protected override string GpuCell(RecurrentArgs args) => "global::Strata.Gpu.RecurrentCell." + (args.RnnRelu ? "RnnRelu" : "RnnTanh");

        /// <summary>An enum parameter can be given any int by a cast; PyTorch's nn.RNN rejects a nonlinearity other than tanh and relu.</summary>
        protected override bool CheckOptions(ShapeContext context)
        {
            var layer = context.Layer;
            if (layer.Sequence!.RnnActivation is { } activation
                && activation.Value != SequenceLayerArguments.RnnTanh
                && activation.Value != SequenceLayerArguments.RnnRelu)
            {
                context.Report(DiagnosticDescriptors.UnknownRnnActivation, activation.Location, Name, layer.Name, activation.Value);
                return false;
            }

            return true;
        }
    }
}
