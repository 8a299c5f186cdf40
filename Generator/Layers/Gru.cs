using Strata.Generator.Model;

namespace Strata.Generator.Layers
{
    /// <summary><c>[Gru(hidden)]</c>, PyTorch's <c>nn.GRU</c>: gates r, z, n in that order in the weights' rows.</summary>
    internal sealed class Gru : Recurrent
    {
        public static readonly Gru Definition = new();

        public override LayerKind Kind => LayerKind.Gru;

        public override string Name => "Gru";

        public override string Example => "Gru(64)";

        public override string HandleType => "Strata.Gru";

        public override int Gates => 3;

        protected override string CellName(LayerSpec spec) => "GRU";

        protected override string CpuKernel => "GruCpu";

        protected override string GpuCell(RecurrentArgs args) => "global::Strata.Gpu.RecurrentCell.Gru";
    }
}
