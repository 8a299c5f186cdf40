namespace Strata.Samples;

/// <summary>
/// How well a tagger tags a set, counted over characters. "City" characters are those whose true tag is a B or I tag;
/// the others are outside (O). A city character's span is right when the tagger says B where the city begins and I
/// inside it, whether from or to; its direction is right when, of the departure tags and the destination tags, the
/// tagger scores the right kind higher (whatever it says about B, I and O): the ambiguous decision.
/// </summary>
public sealed record TaggingScores(
    int Characters, int CorrectTags, int OutsideCharacters, int CorrectOutside, int CityCharacters,
    int CorrectCitySpans, int CorrectCityTags, int CorrectDirections)
{
    /// <summary>The fraction of all characters tagged exactly right.</summary>
    public double TagAccuracy => (double)CorrectTags / Characters;

    /// <summary>The fraction of characters outside cities tagged O.</summary>
    public double OutsideAccuracy => (double)CorrectOutside / OutsideCharacters;

    /// <summary>The fraction of city characters tagged with the right B or I, direction ignored.</summary>
    public double CitySpanAccuracy => (double)CorrectCitySpans / CityCharacters;

    /// <summary>The fraction of city characters tagged exactly right: span and direction.</summary>
    public double CityAccuracy => (double)CorrectCityTags / CityCharacters;

    /// <summary>The fraction of city characters whose departure/destination decision is right.</summary>
    public double DirectionAccuracy => (double)CorrectDirections / CityCharacters;
}
