using Strata.Generator.Model;

namespace Strata.Generator.Emit
{
    /// <summary>The one-line comment above each operation in generated code: layer, shapes.</summary>
    internal static class OpComments
    {
        public static void Write(IndentedWriter writer, FusedOp op) =>
            writer.Line($"// {op.Layer}: {op.InputShape} → {op.OutputShape}");
    }
}
