#!/usr/bin/env node
'use strict';
// Thin launcher so `npx magento-zdd` works from a built checkout and from an installed package.
require('../dist/cli.js');
