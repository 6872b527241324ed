using Xunit;

namespace SpikeLang.Compiler.Tests.Diagnostics;

/// <summary>The catalogue's cases for shaped populations and convolution and pooling connections.</summary>
public partial class BadInputCatalogueTests
{
    public static TheoryData<string, string, string, int, int, string> ConvolutionCases => new()
    {
        {
            "convolution: a zero dimension", """
            network Net {
                population c = Leaky[2, 0, 4]
            }
            """, "SL0350", 2, 29, "'c'|dimension 0|[channels, height, width]"
        },
        {
            "convolution: a dimension from a network parameter", """
            network Net {
                parameters { n = 4 }
                population c = Leaky[2, n, n]
            }
            """, "SL0350", 3, 29, "'c'|reads a network parameter"
        },
        {
            "convolution: four dimensions", """
            network Net {
                population c = Leaky[1, 2, 3, 4]
            }
            """, "SL0350", 2, 26, "4 dimensions, at most 3"
        },
        {
            "convolution: output shape mismatch", """
            network Net {
                input img[1, 6, 6]
                population c = Leaky[2, 5, 5]
                connect img -> c conv2d(kernel = 3, padding = 1)
            }
            """, "SL0351", 4, 20, "conv2d(kernel = 3, stride = 1, padding = 1)|[1, 6, 6]|gives [2, 6, 6]|'c' has shape [2, 5, 5]|(in + 2·padding − kernel) / stride + 1|declare c[2, 6, 6]"
        },
        {
            "convolution: pooling changes the channels", """
            network Net {
                input img[2, 6, 6]
                population p = Leaky[3, 3, 3]
                connect img -> p sum_pool2d(kernel = 2)
            }
            """, "SL0351", 4, 20, "gives [2, 3, 3]|[3, 3, 3]|pooling keeps the channels"
        },
        {
            "convolution: source without a shape", """
            network Net {
                input img[36]
                population c = Leaky[2, 6, 6]
                connect img -> c conv2d(kernel = 3, padding = 1)
            }
            """, "SL0352", 4, 13, "source 'img'|[36] without a shape|3 dimensions [channels, height, width]"
        },
        {
            "convolution: conv1d onto a 2-D shape", """
            network Net {
                input seq[2, 10]
                population c = Leaky[3, 2, 8]
                connect seq -> c conv1d(kernel = 3)
            }
            """, "SL0352", 4, 20, "target 'c'|[3, 2, 8]|2 dimensions [channels, length]"
        },
        {
            "convolution: kernel larger than the padded input", """
            network Net {
                input img[1, 2, 2]
                population c = Leaky[1, 1, 1]
                connect img -> c conv2d(kernel = 5)
            }
            """, "SL0353", 4, 38, "kernel 5 is larger than the padded input [1, 2, 2]|at most 2"
        },
        {
            "convolution: zero kernel", """
            network Net {
                input img[1, 4, 4]
                population c = Leaky[1, 4, 4]
                connect img -> c conv2d(kernel = 0)
            }
            """, "SL0353", 4, 38, "kernel must be a whole number of at least 1|0"
        },
        {
            "convolution: zero stride", """
            network Net {
                input img[1, 4, 4]
                population c = Leaky[1, 4, 4]
                connect img -> c conv2d(kernel = 3, stride = 0)
            }
            """, "SL0353", 4, 50, "stride must be a whole number of at least 1"
        },
        {
            "convolution: negative padding", """
            network Net {
                input img[1, 4, 4]
                population c = Leaky[1, 2, 2]
                connect img -> c conv2d(kernel = 3, padding = -1)
            }
            """, "SL0353", 4, 51, "padding must be a whole number of at least 0|-1"
        },
        {
            "convolution: unknown argument", """
            network Net {
                input img[1, 4, 4]
                population c = Leaky[1, 2, 2]
                connect img -> c conv2d(kernel = 3, dilation = 2)
            }
            """, "SL0353", 4, 41, "no argument 'dilation'|conv2d(kernel = 3, stride = 1, padding = 0)"
        },
        {
            "convolution: no kernel", """
            network Net {
                input img[1, 4, 4]
                population c = Leaky[1, 4, 4]
                connect img -> c conv2d(stride = 1)
            }
            """, "SL0353", 4, 22, "needs a kernel size|conv2d(kernel = 3)"
        },
        {
            "convolution: a delay", """
            network Net {
                input img[1, 4, 4]
                population c = Leaky[1, 4, 4]
                connect img -> c conv2d(kernel = 3, padding = 1) delay 1 ms
            }
            """, "SL0354", 4, 60, "'delay'|conv2d|remove it"
        },
        {
            "convolution: a slice", """
            network Net {
                input img[1, 4, 4]
                population c = Leaky[1, 4, 4]
                connect img[0:8] -> c conv2d(kernel = 3, padding = 1)
            }
            """, "SL0354", 4, 13, "a slice of the source"
        },
        {
            "convolution: recording its weights", """
            network Net {
                input img[1, 4, 4]
                population c = Leaky[2, 4, 4]
                connect img -> c conv2d(kernel = 3, padding = 1)
                record weights img -> c
            }
            """, "SL0355", 5, 5, "conv2d connection img -> c|'record weights'|GetWeights()"
        },
        {
            "convolution: into a model that never reads input", """
            neuron Counter {
                state { v = 0 }
            }
            network Net {
                input img[1, 4, 4]
                population c = Counter[2, 4, 4]
                connect img -> c conv2d(kernel = 3, padding = 1)
            }
            """, "SL0125", 7, 5, "'conv2d'|'input'|'Counter'|read 'input'"
        },
        {
            "convolution: same_step in a cycle", """
            network N {
                population A = Leaky[2, 6, 6]
                population B = Leaky[2, 6, 6]
                connect A -> B conv2d(kernel = 3, padding = 1) same_step
                connect B -> A sum_pool2d(kernel = 1) same_step
            }
            """, "SL0140", 5, 43, "A -> B (line 4)|B -> A (line 5)|cycle"
        },
        {
            "convolution: max pooling padded beyond half its kernel", """
            network N {
                input x[2, 4, 4]
                population p = Leaky[2, 3, 3]
                connect x -> p max_pool2d(kernel = 2, padding = 2)
            }
            """, "SL0353", 4, 20, "max_pool2d x -> p|at most half its kernel|padding = 1 or less"
        },
        {
            "batch_norm: on a dense connection", """
            network N {
                input x[4]
                population h = Leaky[3]
                connect x -> h dense batch_norm
            }
            """, "SL0143", 4, 26, "x -> h|normalizes a convolution's output channels|after conv1d(...) or conv2d(...)"
        },
        {
            "batch_norm: on a pooling", """
            network N {
                input x[2, 4, 4]
                population p = Leaky[2, 2, 2]
                connect x -> p sum_pool2d(kernel = 2) batch_norm
            }
            """, "SL0143", 4, 43, "sum_pool2d x -> p|fixed weights|normalize the convolution before or after it"
        },
        {
            "batch_norm: on a recurrent convolution", """
            network N {
                population a = Leaky[2, 4, 4]
                connect a -> a conv2d(kernel = 3, padding = 1) batch_norm
            }
            """, "SL0143", 3, 52, "conv2d a -> a|own output|remove batch_norm from the recurrent convolution"
        },
        {
            "batch_norm: an unknown argument", """
            network N {
                input x[1, 4, 4]
                population c = Leaky[2, 4, 4]
                connect x -> c conv2d(kernel = 3, padding = 1) batch_norm(decay = 0.1)
            }
            """, "SL0143", 4, 63, "has no argument 'decay'|batch_norm(momentum = 0.1, eps = 1e-5)"
        },
        {
            "convolution: a kernel from a network parameter", """
            network N {
                parameters { k = 3 }
                input x[1, 4, 4]
                population c = Leaky[2, 4, 4]
                connect x -> c conv2d(kernel = k, padding = 1)
            }
            """, "SL0353", 5, 36, "conv2d x -> c|the kernel of conv2d reads a network parameter|fixed when the network is compiled"
        },
        {
            "batch_norm: momentum from a network parameter", """
            network N {
                parameters { m = 0.2 }
                input x[1, 4, 4]
                population c = Leaky[2, 4, 4]
                connect x -> c conv2d(kernel = 3, padding = 1) batch_norm(momentum = m)
            }
            """, "SL0143", 5, 74, "the momentum of batch_norm reads a network parameter|write a number"
        },
        {
            "batch_norm: momentum out of range", """
            network N {
                input x[1, 4, 4]
                population c = Leaky[2, 4, 4]
                connect x -> c conv2d(kernel = 3, padding = 1) batch_norm(momentum = 1.5)
            }
            """, "SL0143", 4, 74, "momentum|in (0, 1]|but it is 1.5"
        },
    };
}
