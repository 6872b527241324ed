using System;
using System.IO;

namespace SpikeLang.Runtime;

/// <summary>A classification data set of images (an IDX image file and its IDX label file), pixels scaled to [0, 1].</summary>
public sealed class LabeledImages
{
    private LabeledImages(float[] pixels, int[] labels, int count, int rows, int columns)
    {
        Pixels = pixels;
        Labels = labels;
        Count = count;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>Count × Features values, sample after sample, each byte divided by 255.</summary>
    public float[] Pixels { get; }

    /// <summary>The class of each sample.</summary>
    public int[] Labels { get; }

    /// <summary>Number of samples.</summary>
    public int Count { get; }

    /// <summary>Image height.</summary>
    public int Rows { get; }

    /// <summary>Image width.</summary>
    public int Columns { get; }

    /// <summary>Values per sample (Rows × Columns).</summary>
    public int Features => Rows * Columns;

    /// <summary>The pixels of sample <paramref name="index"/>.</summary>
    /// <param name="index">In [0, Count).</param>
    /// <returns>Features values in [0, 1].</returns>
    public ReadOnlySpan<float> Sample(int index) => Pixels.AsSpan(checked(index * Features), Features);

    /// <summary>Reads an image file (3 dimensions: count, rows, columns) and a label file (1 dimension: count), either possibly gzipped.</summary>
    /// <param name="imagesPath">IDX image file (magic 0x00000803).</param>
    /// <param name="labelsPath">IDX label file (magic 0x00000801).</param>
    /// <param name="limit">Keep only the first samples; null keeps all.</param>
    /// <returns>The samples.</returns>
    /// <exception cref="InvalidDataException">A file is malformed, the files disagree on the count, or they do not have the expected dimensions.</exception>
    public static LabeledImages Load(string imagesPath, string labelsPath, int? limit = null)
    {
        if (limit is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The sample limit must not be negative.");
        }

        IdxFile images = IdxFile.Read(imagesPath);
        IdxFile labels = IdxFile.Read(labelsPath);
        if (images.Shape.Length != 3)
        {
            throw new InvalidDataException($"{imagesPath}: an image file has 3 dimensions (count, rows, columns), this one has {images.Shape.Length}. Are the image and label paths swapped?");
        }

        if (labels.Shape.Length != 1)
        {
            throw new InvalidDataException($"{labelsPath}: a label file has 1 dimension (count), this one has {labels.Shape.Length}. Are the image and label paths swapped?");
        }

        if (images.Shape[0] != labels.Shape[0])
        {
            throw new InvalidDataException($"{imagesPath} holds {images.Shape[0]} images but {labelsPath} holds {labels.Shape[0]} labels; they must come from the same split.");
        }

        int count = Math.Min(images.Shape[0], limit ?? int.MaxValue);
        int rows = images.Shape[1];
        int columns = images.Shape[2];
        int features = rows * columns;
        var pixels = new float[(long)count * features];
        for (long i = 0; i < pixels.Length; i++)
        {
            pixels[i] = images.Data[i] / 255f;
        }

        var classes = new int[count];
        for (int i = 0; i < count; i++)
        {
            classes[i] = labels.Data[i];
        }

        return new LabeledImages(pixels, classes, count, rows, columns);
    }
}
