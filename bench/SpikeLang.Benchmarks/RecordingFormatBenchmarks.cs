using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using PureHDF;
using PureHDF.Selections;
using SpikeLang.Runtime;

namespace SpikeLang.Benchmarks;

/// <summary>
/// The format of recordings: 1000 neurons' v (float32) recorded every step for 1000 steps (4 MB of values),
/// written while the network runs, as NPY and CSV through <see cref="Recorder"/> (the code
/// <c>spikelang run</c> uses), and as HDF5 through PureHDF's deferred writing in blocks of 100 samples
/// (PureHDF needs a dataset's size when it is created, so the number of samples is given up front).
/// <see cref="InMemory"/> is the run alone, with the samples kept in memory. File sizes are printed by
/// the global setup.
/// </summary>
[MemoryDiagnoser]
public class RecordingFormatBenchmarks
{
    private const int Steps = 1000;
    private const int Neurons = 1000;
    private const int Block = 100;
    private string _directory = "";

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("spikelang-format-bench-").FullName;
        Npy();
        Csv();
        Hdf5();
        foreach (string file in Directory.GetFiles(_directory))
        {
            Console.WriteLine($"// size {Path.GetFileName(file)}: {new FileInfo(file).Length:N0} bytes");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Baseline = true, Description = "run, samples in memory")]
    public long InMemory()
    {
        var net = new StateRecording(seed: 1);
        net.Run(Steps);
        return net.P.vMonitor.Samples;
    }

    [Benchmark(Description = "run + NPY (Recorder)")]
    public long Npy() => Record(RecordingFormat.Npy);

    [Benchmark(Description = "run + CSV (Recorder)")]
    public long Csv() => Record(RecordingFormat.Csv);

    [Benchmark(Description = "run + HDF5 (PureHDF, size given up front)")]
    public long Hdf5()
    {
        var net = new StateRecording(seed: 1);
        var t = new H5Dataset<double[]>(fileDims: [Steps]);
        var v = new H5Dataset<float[]>(fileDims: [Steps, Neurons], chunks: [Block, Neurons]);
        var file = new H5File { ["t"] = t, ["v"] = v };
        string path = Path.Combine(_directory, "state_P_v.h5");
        using (var writer = file.BeginWrite(path))
        {
            var times = new double[Block];
            var values = new float[Block * Neurons];
            net.P.vMonitor.Stream(monitor =>
            {
                // Blocks of exactly 100 samples, as the buffer below holds.
                long first = monitor.Steps[0];
                for (int k = 0; k < monitor.Samples; k++)
                {
                    times[k] = monitor.Steps[k] * StateRecording.Dt;
                }
                System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(monitor.ValueBytes).CopyTo(values);
                writer.Write(t, times, fileSelection: new HyperslabSelection((ulong)first, Block));
                writer.Write(v, values, fileSelection: new HyperslabSelection(2, [(ulong)first, 0], [Block, Neurons]));
            }, Block);
            net.Run(Steps);
        }
        return new FileInfo(path).Length;
    }

    private long Record(RecordingFormat format)
    {
        var net = new StateRecording(seed: 1);
        using var recorder = new Recorder(net, _directory, format);
        net.Run(Steps);
        recorder.Complete();
        return recorder.BytesWritten;
    }
}
