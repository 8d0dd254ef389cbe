/* cudnnCreate and one small convolution on the GPU, checked against the same convolution on the CPU. */
#include <cudnn.h>
#include <cuda_runtime.h>
#include <math.h>
#include <stdio.h>

#define CHECK(call, what) do { int status_ = (int)(call); if (status_ != 0) { fprintf(stderr, "%s failed: %d\n", what, status_); return 1; } } while (0)

int main(void)
{
    enum { H = 6, W = 6, K = 3, OH = H - K + 1, OW = W - K + 1 };
    float input[H * W], filter[K * K], output[OH * OW], expected[OH * OW];
    for (int i = 0; i < H * W; i++) input[i] = (float)(i % 7) - 3.0f;
    for (int i = 0; i < K * K; i++) filter[i] = (float)(i % 3) - 1.0f;
    for (int y = 0; y < OH; y++)
        for (int x = 0; x < OW; x++)
        {
            float sum = 0;
            for (int ky = 0; ky < K; ky++)
                for (int kx = 0; kx < K; kx++) sum += input[(y + ky) * W + x + kx] * filter[ky * K + kx];
            expected[y * OW + x] = sum;
        }

    int devices = 0;
    cudaError_t probe = cudaGetDeviceCount(&devices);
    if (probe != cudaSuccess || devices == 0) { fprintf(stderr, "no CUDA-capable device: %s\n", cudaGetErrorName(probe)); return 3; }

    cudnnHandle_t handle;
    CHECK(cudnnCreate(&handle), "cudnnCreate");
    cudnnTensorDescriptor_t in_desc, out_desc;
    cudnnFilterDescriptor_t filter_desc;
    cudnnConvolutionDescriptor_t conv;
    CHECK(cudnnCreateTensorDescriptor(&in_desc), "cudnnCreateTensorDescriptor");
    CHECK(cudnnCreateTensorDescriptor(&out_desc), "cudnnCreateTensorDescriptor");
    CHECK(cudnnCreateFilterDescriptor(&filter_desc), "cudnnCreateFilterDescriptor");
    CHECK(cudnnCreateConvolutionDescriptor(&conv), "cudnnCreateConvolutionDescriptor");
    CHECK(cudnnSetTensor4dDescriptor(in_desc, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT, 1, 1, H, W), "cudnnSetTensor4dDescriptor");
    CHECK(cudnnSetTensor4dDescriptor(out_desc, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT, 1, 1, OH, OW), "cudnnSetTensor4dDescriptor");
    CHECK(cudnnSetFilter4dDescriptor(filter_desc, CUDNN_DATA_FLOAT, CUDNN_TENSOR_NCHW, 1, 1, K, K), "cudnnSetFilter4dDescriptor");
    /* Cross-correlation: what deep-learning frameworks call convolution, and what the CPU loop above computes. */
    CHECK(cudnnSetConvolution2dDescriptor(conv, 0, 0, 1, 1, 1, 1, CUDNN_CROSS_CORRELATION, CUDNN_DATA_FLOAT), "cudnnSetConvolution2dDescriptor");

    float *d_in, *d_filter, *d_out;
    CHECK(cudaMalloc((void **)&d_in, sizeof input), "cudaMalloc");
    CHECK(cudaMalloc((void **)&d_filter, sizeof filter), "cudaMalloc");
    CHECK(cudaMalloc((void **)&d_out, sizeof output), "cudaMalloc");
    CHECK(cudaMemcpy(d_in, input, sizeof input, cudaMemcpyHostToDevice), "cudaMemcpy");
    CHECK(cudaMemcpy(d_filter, filter, sizeof filter, cudaMemcpyHostToDevice), "cudaMemcpy");
    const float one = 1.0f, zero = 0.0f;
    CHECK(cudnnConvolutionForward(handle, &one, in_desc, d_in, filter_desc, d_filter, conv,
              CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_GEMM, NULL, 0, &zero, out_desc, d_out), "cudnnConvolutionForward");
    CHECK(cudaMemcpy(output, d_out, sizeof output, cudaMemcpyDeviceToHost), "cudaMemcpy");
    for (int i = 0; i < OH * OW; i++)
        if (fabsf(output[i] - expected[i]) > 1e-4f) { fprintf(stderr, "convolution differs from the CPU at %d: %f vs %f\n", i, output[i], expected[i]); return 1; }
    printf("cudnn %zu: convolution matches the CPU\n", cudnnGetVersion());
    cudnnDestroy(handle);
    return 0;
}
