using System.Text;

namespace Strata.Data;

/// <summary>
/// H. G. Wells's <i>The Time Machine</i> as d2l's character-level language models use it (Project Gutenberg eBook #35,
/// public domain), and d2l's preprocessing of it.
/// </summary>
public static class TimeMachine
{
    /// <summary>
    /// The opening of chapter I (the first 97 lines of d2l's <c>timemachine.txt</c> after its title), so a language model
    /// trains with no download: 4,544 characters after <see cref="Preprocess"/>, enough for a few batches of 32 × 35.
    /// </summary>
    public const string Opening =
        """
        The Time Traveller (for so it will be convenient to speak of him)
        was expounding a recondite matter to us. His grey eyes shone and
        twinkled, and his usually pale face was flushed and animated. The
        fire burned brightly, and the soft radiance of the incandescent
        lights in the lilies of silver caught the bubbles that flashed and
        passed in our glasses. Our chairs, being his patents, embraced and
        caressed us rather than submitted to be sat upon, and there was that
        luxurious after-dinner atmosphere when thought roams gracefully
        free of the trammels of precision. And he put it to us in this
        way--marking the points with a lean forefinger--as we sat and lazily
        admired his earnestness over this new paradox (as we thought it)
        and his fecundity.

        'You must follow me carefully. I shall have to controvert one or two
        ideas that are almost universally accepted. The geometry, for
        instance, they taught you at school is founded on a misconception.'

        'Is not that rather a large thing to expect us to begin upon?'
        said Filby, an argumentative person with red hair.

        'I do not mean to ask you to accept anything without reasonable
        ground for it. You will soon admit as much as I need from you. You
        know of course that a mathematical line, a line of thickness _nil_,
        has no real existence. They taught you that? Neither has a
        mathematical plane. These things are mere abstractions.'

        'That is all right,' said the Psychologist.

        'Nor, having only length, breadth, and thickness, can a cube have a
        real existence.'

        'There I object,' said Filby. 'Of course a solid body may exist. All
        real things--'

        'So most people think. But wait a moment. Can an _instantaneous_
        cube exist?'

        'Don't follow you,' said Filby.

        'Can a cube that does not last for any time at all, have a real
        existence?'

        Filby became pensive. 'Clearly,' the Time Traveller proceeded, 'any
        real body must have extension in _four_ directions: it must have
        Length, Breadth, Thickness, and--Duration. But through a natural
        infirmity of the flesh, which I will explain to you in a moment, we
        incline to overlook this fact. There are really four dimensions,
        three which we call the three planes of Space, and a fourth, Time.
        There is, however, a tendency to draw an unreal distinction between
        the former three dimensions and the latter, because it happens that
        our consciousness moves intermittently in one direction along the
        latter from the beginning to the end of our lives.'

        'That,' said a very young man, making spasmodic efforts to relight
        his cigar over the lamp; 'that ... very clear indeed.'

        'Now, it is very remarkable that this is so extensively overlooked,'
        continued the Time Traveller, with a slight accession of
        cheerfulness. 'Really this is what is meant by the Fourth Dimension,
        though some people who talk about the Fourth Dimension do not know
        they mean it. It is only another way of looking at Time. _There is
        no difference between Time and any of the three dimensions of Space
        except that our consciousness moves along it_. But some foolish
        people have got hold of the wrong side of that idea. You have all
        heard what they have to say about this Fourth Dimension?'

        '_I_ have not,' said the Provincial Mayor.

        'It is simply this. That Space, as our mathematicians have it, is
        spoken of as having three dimensions, which one may call Length,
        Breadth, and Thickness, and is always definable by reference to
        three planes, each at right angles to the others. But some
        philosophical people have been asking why _three_ dimensions
        particularly--why not another direction at right angles to the other
        three?--and have even tried to construct a Four-Dimension geometry.
        Professor Simon Newcomb was expounding this to the New York
        Mathematical Society only a month or so ago. You know how on a flat
        surface, which has only two dimensions, we can represent a figure of
        a three-dimensional solid, and similarly they think that by models
        of three dimensions they could represent one of four--if they could
        master the perspective of the thing. See?'

        'I think so,' murmured the Provincial Mayor; and, knitting his
        brows, he lapsed into an introspective state, his lips moving as one
        who repeats mystic words. 'Yes, I think I see it now,' he said after
        some time, brightening in a quite transitory manner.

        'Well, I do not mind telling you I have been at work upon this
        geometry of Four Dimensions for some time. Some of my results
        are curious. For instance, here is a portrait of a man at eight
        years old, another at fifteen, another at seventeen, another at
        twenty-three, and so on. All these are evidently sections, as it
        were, Three-Dimensional representations of his Four-Dimensioned
        being, which is a fixed and unalterable thing.

        'Scientific people,' proceeded the Time Traveller, after the pause
        required for the proper assimilation of this, 'know very well that
        """;

    /// <summary>
    /// d2l's <c>read_time_machine</c> followed by <c>tokenize(lines, 'char')</c> and the flattening in
    /// <c>load_corpus_time_machine</c>: in each line, every run of characters other than the ASCII letters A–Z and a–z
    /// becomes one space (<c>re.sub('[^A-Za-z]+', ' ', line)</c>), leading and trailing spaces go (<c>.strip()</c>) and
    /// letters are lower-cased; then the lines are joined WITHOUT a separator, so a line's last word runs into the next
    /// line's first ("of him" + "was" gives "of himwas") and blank lines vanish. This is what makes d2l's full book
    /// 170,580 characters over 27 distinct ones (28 tokens with &lt;unk&gt;). Lines end at \n, \r\n or \r, as in
    /// Python's universal-newline reading.
    /// </summary>
    public static string Preprocess(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new StringBuilder(text.Length);
        foreach (var line in text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n'))
        {
            var pendingSpace = false;
            var lineHasLetters = false;
            foreach (var c in line)
            {
                if (char.IsAsciiLetter(c))
                {
                    if (pendingSpace && lineHasLetters)
                    {
                        result.Append(' ');
                    }

                    result.Append(char.ToLowerInvariant(c));
                    lineHasLetters = true;
                    pendingSpace = false;
                }
                else
                {
                    pendingSpace = true;
                }
            }
        }

        return result.ToString();
    }
}
