"""2D-Doc (ANTS): find the DataMatrix, parse the message, verify its signature offline.

* ``definitions``: the data identifiers of perimeter 01 (length, encoding);
* ``message``: header V01-V04, fields, signature and annex of a message;
* ``trust``: the local store of issuers' certificates and its import;
* ``verify``: ECDSA verification against the store;
* ``scan``: DataMatrix detection and decoding on page images (zxing-cpp);
* ``certified``: the ``certified`` object of a document and its checks.
"""
