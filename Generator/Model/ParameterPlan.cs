namespace Strata.Generator.Model
{
    /// <summary>A learned tensor: its state_dict name, its field, its shape and the fan-in of its initialiser.</summary>
    internal sealed record ParameterPlan(string Name, string Field, Shape Shape, int FanIn);
}
