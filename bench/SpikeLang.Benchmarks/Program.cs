using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/SpikeLang.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
