import fc from 'fast-check';
import { CmppCommand } from '../cmpp/cmpp-command';
import { cmppArbitraries } from '../cmpp/cmpp-arbitraries';
import { createCmppCodec } from '../cmpp/cmpp-codec';
import { SgipCommand } from '../sgip/sgip-command';
import { sgipArbitraries } from '../sgip/sgip-arbitraries';
import { createSgipCodec } from '../sgip/sgip-codec';
import { SmgpCommand } from '../smgp/smgp-command';
import { smgpArbitraries } from '../smgp/smgp-arbitraries';
import { createSmgpCodec } from '../smgp/smgp-codec';
import { FuzzTarget } from './codec-fuzzer';
import { PduCodec } from './pdu-codec';

/** Test/bench tooling: the four codecs with valid seed frames of every PDU type. */
function seeds<P>(codec: PduCodec<P>, arbitraries: Record<string, fc.Arbitrary<P>>, seed: number): Buffer[] {
  return Object.values(arbitraries).flatMap((arbitrary) =>
    fc.sample(arbitrary, { seed, numRuns: 8 }).map((pdu) => codec.encode(pdu)),
  );
}

const numericValues = (enumObject: object): number[] =>
  Object.values(enumObject).filter((value): value is number => typeof value === 'number');

export function fuzzTargets(seed = 42): FuzzTarget[] {
  const cmpp2 = createCmppCodec({ version: 2 });
  const cmpp3 = createCmppCodec({ version: 3 });
  const sgip = createSgipCodec();
  const smgp = createSmgpCodec();
  return [
    {
      name: 'cmpp2',
      codec: cmpp2,
      seeds: seeds(cmpp2, cmppArbitraries(2), seed),
      commandIds: numericValues(CmppCommand),
    },
    {
      name: 'cmpp3',
      codec: cmpp3,
      seeds: seeds(cmpp3, cmppArbitraries(3), seed),
      commandIds: numericValues(CmppCommand),
    },
    {
      name: 'sgip',
      codec: sgip,
      seeds: seeds(sgip, sgipArbitraries(), seed),
      commandIds: numericValues(SgipCommand),
    },
    {
      name: 'smgp',
      codec: smgp,
      seeds: seeds(smgp, smgpArbitraries(), seed),
      commandIds: numericValues(SmgpCommand),
    },
  ];
}
