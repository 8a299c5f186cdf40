using Strata.Generator.Model;

namespace Strata.Generator.Layers
{
    /// <summary><c>[Lstm(hidden)]</c>, PyTorch's <c>nn.LSTM</c>: gates i, f, g, o in that order in the weights' rows.</summary>
    internal sealed class Lstm : Recurrent
    {
        public static readonly Lstm Definition = new();

        public override LayerKind Kind => LayerKind.Lstm;

        public override string Name => "Lstm";

        public override string Example => "Lstm(64)";

        public override string HandleType => "Strata.Lstm";

        public override int Gates => 4;

        protected override string CellName(LayerSpec spec) => "LSTM";

        protected override string CpuKernel => "LstmCpu";

        protected override string GpuCell(RecurrentArgs args) => "global::Strata.Gpu.RecurrentCell.Lstm";

        protected override string[] States => new[] { "H", "C" };
    }
}
