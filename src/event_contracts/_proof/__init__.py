"""The gate's proof that consumers decode: the upcaster chain and data, through the runtime.

`steps.py` loads the working tree's hand-written upcasters into a registry of their own;
`chain.py` judges the head's chain with the runtime's `Chain` (gaps, stubs, missing steps,
versions added to superseded types); `package.py` generates the changed event types into a
temporary package; `prove.py` encodes generated examples with each writer class and decodes
them into every reader the mode promises, with the real runtime and upcasters.
"""
