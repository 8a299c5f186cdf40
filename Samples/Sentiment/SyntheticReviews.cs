using Strata.Data;

namespace Strata.Samples;

/// <summary>
/// Built-in short restaurant reviews for when no data file is given: a dish, then a positive or negative phrase, where
/// a 不 ("not") before an adjective flips it, so word order matters as in real reviews. Label 1 is positive, 0 negative.
/// </summary>
public static class SyntheticReviews
{
    private static readonly string[] Dishes = ["烤鱼", "米饭", "牛腩", "汤", "面条", "鸭爪", "冰粉", "酸菜鱼", "服务", "环境", "甜点", "咖喱"];
    private static readonly string[] Degrees = ["", "很", "非常", "特别", "有点", "真的"];
    private static readonly string[] Positive = ["好吃", "入味", "新鲜", "实惠", "热情", "干净", "地道"];
    private static readonly string[] Negative = ["难吃", "咸", "贵", "油腻", "冷淡", "脏", "慢"];

    /// <summary>Draws <paramref name="count"/> labelled reviews from a generator seeded with <paramref name="seed"/>.</summary>
    public static LabeledText Generate(int count, int seed)
    {
        var random = new Random(seed);
        var texts = new string[count];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var positiveWord = random.Next(2) == 1;
            var negated = random.Next(4) == 0;
            var words = positiveWord ? Positive : Negative;
            var dish = Dishes[random.Next(Dishes.Length)];
            var degree = negated ? "" : Degrees[random.Next(Degrees.Length)];
            texts[i] = dish + degree + (negated ? "不" : "") + words[random.Next(words.Length)];
            labels[i] = positiveWord != negated ? 1 : 0;
        }

        return new LabeledText(texts, labels, classCount: 2);
    }
}
