using System;
using System.IO;
using System.IO.Compression;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Runtime.Tests.Datasets;

public sealed class IdxFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("idx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // An IDX file by hand: big-endian magic 0x000008NN, big-endian sizes, then the bytes.
    private static byte[] Idx(int[] shape, byte[] data)
    {
        var stream = new MemoryStream();
        stream.Write([0, 0, 8, (byte)shape.Length]);
        foreach (int size in shape)
        {
            stream.Write([(byte)(size >> 24), (byte)(size >> 16), (byte)(size >> 8), (byte)size]);
        }

        stream.Write(data);
        return stream.ToArray();
    }

    private string Write(string name, byte[] bytes, bool gzip = false)
    {
        string path = Path.Combine(_dir, name);
        using var file = File.Create(path);
        if (gzip)
        {
            using var zip = new GZipStream(file, CompressionLevel.Fastest);
            zip.Write(bytes);
        }
        else
        {
            file.Write(bytes);
        }

        return path;
    }

    private static byte[] ImageBytes => [0, 255, 51, 102, 10, 20, 30, 40, 1, 2, 3, 4];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_images_and_labels_plain_or_gzipped(bool gzip)
    {
        string suffix = gzip ? ".gz" : "";
        string images = Write("images" + suffix, Idx([3, 2, 2], ImageBytes), gzip);
        string labels = Write("labels" + suffix, Idx([3], [7, 0, 9]), gzip);

        IdxFile raw = IdxFile.Read(images);
        Assert.Equal([3, 2, 2], raw.Shape);
        Assert.Equal(ImageBytes, raw.Data);

        LabeledImages set = LabeledImages.Load(images, labels);
        Assert.Equal(3, set.Count);
        Assert.Equal(4, set.Features);
        Assert.Equal([7, 0, 9], set.Labels);
        Assert.Equal([0f, 1f, 0.2f, 0.4f], set.Sample(0).ToArray());

        LabeledImages firstTwo = LabeledImages.Load(images, labels, limit: 2);
        Assert.Equal(2, firstTwo.Count);
        Assert.Equal(8, firstTwo.Pixels.Length);
    }

    [Fact]
    public void A_wrong_magic_number_is_named_with_the_file()
    {
        string path = Write("bad", [0x1F, 0x8B, 8, 0, 0, 0, 0, 0]);
        var error = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("magic number is 0x1F8B0800", error.Message);
    }

    [Fact]
    public void Every_truncation_is_a_clear_error()
    {
        byte[] bytes = Idx([3, 2, 2], ImageBytes);
        for (int length = 0; length < bytes.Length; length++)
        {
            using var stream = new MemoryStream(bytes, 0, length);
            var error = Assert.Throws<InvalidDataException>(() => IdxFile.Read(stream, "images"));
            Assert.StartsWith("images: ", error.Message);
        }

        string path = Write("short.gz", bytes[..^3], gzip: true);
        Assert.Contains("need 12 bytes of data but only 9 follow", Assert.Throws<InvalidDataException>(() => IdxFile.Read(path)).Message);
    }

    [Fact]
    public void Extra_bytes_mean_the_dimensions_do_not_match()
    {
        string path = Write("long", Idx([2, 2, 2], ImageBytes));
        Assert.Contains("bytes after the 8 that its dimensions 2×2×2 announce", Assert.Throws<InvalidDataException>(() => IdxFile.Read(path)).Message);
    }

    [Fact]
    public void A_corrupt_gzip_file_is_named()
    {
        string path = Write("broken.gz", [0x1F, 0x8B, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        Exception error = Assert.ThrowsAny<Exception>(() => IdxFile.Read(path));
        Assert.IsType<InvalidDataException>(error);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Mismatched_image_and_label_files_are_explained()
    {
        string images = Write("images", Idx([3, 2, 2], ImageBytes));
        string labels = Write("labels", Idx([2], [1, 2]));
        Assert.Contains("holds 3 images but", Assert.Throws<InvalidDataException>(() => LabeledImages.Load(images, labels)).Message);
        Assert.Contains("Are the image and label paths swapped?", Assert.Throws<InvalidDataException>(() => LabeledImages.Load(labels, images)).Message);
    }

    [Fact]
    public void Missing_fashion_mnist_files_say_how_to_get_them()
    {
        var error = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(_dir, train: true));
        Assert.Contains("apt-get install dataset-fashion-mnist", error.Message);
    }
}
