namespace Strata.Data;

/// <summary>
/// Synthetic travel sentences for slot tagging, where a city is the departure or the destination and only the words
/// AFTER it say which: <c>prefix + city + suffix</c>, e.g. 我明天南京出发 ("I set off from Nanjing tomorrow") and
/// 我明天南京落地 ("I land in Nanjing tomorrow"). Every character gets a BIO tag: the city's first character
/// <see cref="DepartureBegin"/> or <see cref="DestinationBegin"/>, its others <see cref="DepartureInside"/> or
/// <see cref="DestinationInside"/>, the prefix and suffix <see cref="Outside"/>.
/// </summary>
/// <remarks>
/// The seed's sentences 我从南京出发 / 我到南京去 carry the answer in the preposition before the city too (从 "from", 到
/// "to"), so a left-to-right tagger could learn them. Here the prefix (<see cref="Prefixes"/>) and the city
/// (<see cref="Cities"/>) are drawn independently of the class, and only the suffix (<see cref="DepartureSuffixes"/> or
/// <see cref="DestinationSuffixes"/>) depends on it. When a left-to-right tagger tags a city character it has seen only
/// the prefix and the city so far, which are independent of departure/destination: whatever it answers is right half
/// the time, so on city characters it is at chance (50% between from and to; it can still get B versus I right, since
/// position is visible). A bidirectional tagger also sees the suffix and can tag them all correctly.
/// </remarks>
public static class SlotTaggingData
{
    /// <summary>The tag of characters outside a city.</summary>
    public const int Outside = 0;

    /// <summary>The tag of a departure city's first character.</summary>
    public const int DepartureBegin = 1;

    /// <summary>The tag of a departure city's other characters.</summary>
    public const int DepartureInside = 2;

    /// <summary>The tag of a destination city's first character.</summary>
    public const int DestinationBegin = 3;

    /// <summary>The tag of a destination city's other characters.</summary>
    public const int DestinationInside = 4;

    /// <summary>The number of tags.</summary>
    public const int TagCount = 5;

    /// <summary>The name of each tag, by index.</summary>
    public static IReadOnlyList<string> TagNames { get; } = ["O", "B-from", "I-from", "B-to", "I-to"];

    /// <summary>Who travels when: the same list for both classes.</summary>
    public static IReadOnlyList<string> Prefixes { get; } = ["我", "我明天", "他下午", "我们周五", "她今晚", "明早"];

    /// <summary>The cities, of two to four characters.</summary>
    public static IReadOnlyList<string> Cities { get; } =
        ["南京", "北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "西安", "重庆", "天津", "苏州", "长沙", "哈尔滨", "乌鲁木齐"];

    /// <summary>Words after a departure city: 出发 "set off", 动身 "leave", 起飞 "take off".</summary>
    public static IReadOnlyList<string> DepartureSuffixes { get; } = ["出发", "动身", "起飞"];

    /// <summary>Words after a destination city: 到 "arrive", 落地 "land", 下车 "get off".</summary>
    public static IReadOnlyList<string> DestinationSuffixes { get; } = ["到", "落地", "下车"];

    /// <summary>
    /// Generates <paramref name="count"/> sentences, the same ones for the same <paramref name="seed"/>. Even indices
    /// are departures and odd ones destinations, so every contiguous slice is balanced. The vocabulary (with
    /// &lt;pad&gt;) covers every template character and does not depend on the seed, so sets generated with different
    /// seeds share it.
    /// </summary>
    public static SlotTaggingSet Generate(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var vocabulary = Vocabulary.Build([.. Prefixes, .. Cities, .. DepartureSuffixes, .. DestinationSuffixes], reservePad: true);
        var maxLength = Prefixes.Max(p => p.Length) + Cities.Max(c => c.Length) +
                        Math.Max(DepartureSuffixes.Max(s => s.Length), DestinationSuffixes.Max(s => s.Length));
        var random = new Random(seed);
        var sentences = new string[count];
        var ids = new int[count * maxLength];
        var tags = new int[count * maxLength];
        var lengths = new int[count];
        ids.AsSpan().Fill(vocabulary.PadIndex);
        for (var i = 0; i < count; i++)
        {
            var departure = i % 2 == 0;
            var prefix = Prefixes[random.Next(Prefixes.Count)];
            var city = Cities[random.Next(Cities.Count)];
            var suffixes = departure ? DepartureSuffixes : DestinationSuffixes;
            var suffix = suffixes[random.Next(suffixes.Count)];
            sentences[i] = prefix + city + suffix;
            lengths[i] = vocabulary.Encode(sentences[i], ids.AsSpan(i * maxLength, maxLength));

            var cityTags = tags.AsSpan(i * maxLength + prefix.Length, city.Length);
            cityTags.Fill(departure ? DepartureInside : DestinationInside);
            cityTags[0] = departure ? DepartureBegin : DestinationBegin;
        }

        return new SlotTaggingSet(
            sentences,
            vocabulary,
            new PaddedSequences(ids, lengths, maxLength, vocabulary.PadIndex),
            new PaddedSequences(tags, (int[])lengths.Clone(), maxLength, Outside));
    }
}
