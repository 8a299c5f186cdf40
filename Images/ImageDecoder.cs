using SkiaSharp;

namespace Strata.Data;

/// <summary>Decodes a PNG or JPEG with SkiaSharp and resizes it into [channels, height, width] floats in [0, 1].</summary>
public static class ImageDecoder
{
    /// <summary>The largest image decoded, in pixels (a guard against decompression bombs): 100 megapixels.</summary>
    public const long MaxPixels = 100_000_000;

    /// <summary>
    /// Decodes <paramref name="path"/> and writes it, resized bilinearly to <paramref name="width"/> ×
    /// <paramref name="height"/> when its size differs, into <paramref name="destination"/> as channel planes of values in
    /// [0, 1] (RGB for 3 channels; BT.601 luma for 1; alpha is dropped). Throws <see cref="InvalidDataException"/>
    /// naming the file when it is not an image SkiaSharp decodes, is truncated, or exceeds <see cref="MaxPixels"/>.
    /// </summary>
    public static void Decode(string path, int width, int height, int channels, Span<float> destination)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (destination.Length != channels * height * width)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values; [{channels}, {height}, {width}] needs {channels * height * width}.", nameof(destination));
        }

        using var stream = File.OpenRead(path);
        using var codec = SKCodec.Create(stream, out var opened)
            ?? throw new InvalidDataException($"'{path}' is not an image SkiaSharp can decode ({opened}).");
        var (sourceWidth, sourceHeight) = (codec.Info.Width, codec.Info.Height);
        if (sourceWidth <= 0 || sourceHeight <= 0 || (long)sourceWidth * sourceHeight > MaxPixels)
        {
            throw new InvalidDataException($"'{path}' is {sourceWidth} × {sourceHeight} pixels; images are decoded up to {MaxPixels:N0} pixels.");
        }

        var info = new SKImageInfo(sourceWidth, sourceHeight, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var decoded = new SKBitmap(info);
        var result = codec.GetPixels(info, decoded.GetPixels());
        if (result != SKCodecResult.Success)
        {
            throw new InvalidDataException($"'{path}' could not be decoded: {result}.");
        }

        using var resized = sourceWidth == width && sourceHeight == height
            ? null
            : decoded.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None))
              ?? throw new InvalidDataException($"'{path}' could not be resized to {width} × {height}.");
        var bitmap = resized ?? decoded;
        var pixels = bitmap.GetPixelSpan();
        var rowBytes = bitmap.RowBytes;
        var plane = width * height;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = pixels.Slice(y * rowBytes + 4 * x, 4);
                if (channels == 3)
                {
                    destination[y * width + x] = p[0] / 255f;
                    destination[plane + y * width + x] = p[1] / 255f;
                    destination[2 * plane + y * width + x] = p[2] / 255f;
                }
                else
                {
                    destination[y * width + x] = (0.299f * p[0] + 0.587f * p[1] + 0.114f * p[2]) / 255f;
                }
            }
        }
    }
}
