namespace Strata.Samples;

/// <summary>The recurrent cell both taggers use.</summary>
public enum TaggerCell
{
    Lstm,
    Gru,
}
