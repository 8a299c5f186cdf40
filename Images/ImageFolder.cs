namespace Strata.Data;

/// <summary>
/// The files of an image classification set laid out as torchvision's <c>ImageFolder</c> expects:
/// <c>root/class_name/*.png</c> (or <c>.jpg</c>, <c>.jpeg</c>, any case). Classes are the sub-folders, sorted by
/// ordinal name, labelled from 0 in that order; files are sorted by path. Only the list of files is held: images are
/// decoded when a <see cref="ImageBatches"/> reads them, so the set need not fit in memory.
/// </summary>
public sealed class ImageFolder
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg"];

    /// <summary>
    /// Lists the images under <paramref name="root"/>. Throws <see cref="DirectoryNotFoundException"/> when it does not
    /// exist and <see cref="InvalidDataException"/> when it has no class folder or no image at all. Files with other
    /// extensions, and files directly under the root, are ignored, as torchvision does.
    /// </summary>
    public ImageFolder(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The image folder '{root}' does not exist.");
        }

        var classes = Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
        if (classes.Length == 0)
        {
            throw new InvalidDataException($"'{root}' has no class folders: images go in root/class_name/*.png|jpg.");
        }

        var files = new List<(string Path, int Label)>();
        for (var label = 0; label < classes.Length; label++)
        {
            files.AddRange(Directory.EnumerateFiles(Path.Combine(root, classes[label]), "*", SearchOption.AllDirectories)
                .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .Select(f => (f, label)));
        }

        if (files.Count == 0)
        {
            throw new InvalidDataException($"'{root}' has class folders ({string.Join(", ", classes)}) but no .png, .jpg or .jpeg files in them.");
        }

        Root = root;
        Classes = classes;
        Files = files.AsReadOnly();
    }

    /// <summary>The folder given.</summary>
    public string Root { get; }

    /// <summary>The class names (the sub-folders), in label order.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Every image's path and label, sorted by class, then path.</summary>
    public IReadOnlyList<(string Path, int Label)> Files { get; }

    /// <summary>The number of images.</summary>
    public int Count => Files.Count;
}
