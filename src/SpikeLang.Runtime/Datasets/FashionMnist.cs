using System.IO;

namespace SpikeLang.Runtime;

/// <summary>
/// Fashion-MNIST (Xiao, Rasul and Vollgraf 2017): 28×28 grey images of clothing in 10 classes,
/// 60 000 for training and 10 000 for testing, in the IDX files of the original distribution.
/// </summary>
public static class FashionMnist
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>Number of classes.</summary>
    public const int Classes = 10;

    /// <summary>
    /// Loads the training split (<c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>) or
    /// the test split (<c>t10k-…</c>) from <paramref name="directory"/>, gzipped (<c>.gz</c>, as
    /// distributed) or not.
    /// </summary>
    /// <param name="directory">Folder with the four files; <see cref="DefaultDirectory"/> on Debian.</param>
    /// <param name="train">True for the training split, false for the test split.</param>
    /// <param name="limit">Keep only the first samples; null keeps all.</param>
    /// <returns>The samples, pixels in [0, 1].</returns>
    /// <exception cref="FileNotFoundException">The files are not there; the message says how to get them.</exception>
    public static LabeledImages Load(string directory, bool train, int? limit = null)
    {
        string prefix = train ? "train" : "t10k";
        string images = Find(directory, $"{prefix}-images-idx3-ubyte");
        string labels = Find(directory, $"{prefix}-labels-idx1-ubyte");
        return LabeledImages.Load(images, labels, limit);
    }

    private static string Find(string directory, string name)
    {
        string gzipped = Path.Combine(directory, name + ".gz");
        if (File.Exists(gzipped))
        {
            return gzipped;
        }

        string plain = Path.Combine(directory, name);
        if (File.Exists(plain))
        {
            return plain;
        }

        throw new FileNotFoundException(
            $"{gzipped}: Fashion-MNIST file not found (nor {name} without .gz). Install it with 'apt-get install dataset-fashion-mnist' or download it from https://github.com/zalandoresearch/fashion-mnist into {directory}.",
            gzipped);
    }
}
