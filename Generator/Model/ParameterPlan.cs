namespace Strata.Generator.Model
{
    /// <summary>
    /// A learned tensor: its state_dict name, its field, its shape and the fan-in of its initialiser; or, when
    /// <paramref name="Constant"/> is set, the value every element starts at (BatchNorm's weight 1 and bias 0), drawing nothing;
    /// or, when <paramref name="Xavier"/> is set, Xavier (Glorot) uniform from the shape's fans (an attention's in_proj_weight).
    /// A non-zero <paramref name="Scheme"/> (an <c>InitScheme</c> value from <c>[Init]</c>) overrides all of these.
    /// </summary>
    internal sealed record ParameterPlan(string Name, string Field, Shape Shape, int FanIn, float? Constant = null, bool Xavier = false, int Scheme = 0);
}
